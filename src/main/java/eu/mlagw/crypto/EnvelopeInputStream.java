package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Decrypts a sealed package file: one or more CMS AuthEnvelopedData segments (AES-GCM) one after
 * the other, yielding the concatenated plaintext.
 *
 * <p><b>The bytes read from this stream are unverified until {@link #isFullyVerified()} is true.</b>
 * Each segment's GCM tag is checked when the segment ends, and a bad or missing tag fails the read
 * with ENVELOPE_TAMPERED. Callers must therefore write what they read only to temporary places and
 * release nothing before this stream has reached its end. Whole-package integrity (segment order,
 * none missing) is guaranteed by the signed manifest inside, not by this class.
 *
 * <p>Memory: a 1 MiB read buffer plus per-call scratch, whatever the package size. Not thread-safe.
 */
public final class EnvelopeInputStream extends InputStream {
  private static final int BUFFER = 1 << 20;
  /** The JDK's GCM refuses longer messages; segments we write are far smaller. */
  static final long MAX_SEGMENT_CIPHERTEXT = Integer.MAX_VALUE - 64;

  private final InputStream source;
  private final EnvelopeSegmentParser parser;
  private final ContentKeyUnwrapper unwrapper;
  private final AlgorithmPolicy algorithms;
  private byte[] cipherBuffer = new byte[0];
  private GcmDecryption gcm;
  private byte[] pendingTail = new byte[0];
  private int pendingOffset;
  private int segmentsVerified;
  private boolean finished;
  private long plaintextBytes;
  private GatewayIOException failure;

  /** As {@link #EnvelopeInputStream(InputStream, Credential, AlgorithmPolicy)} with the strict policy. */
  public EnvelopeInputStream(InputStream in, Credential recipient) {
    this(in, recipient, AlgorithmPolicy.strict());
  }

  /**
   * @param in the package file's bytes; closed by {@link #close()}
   * @param algorithms refuses (ALGORITHM_REFUSED) any segment whose key transport, key agreement or
   *     content encryption it does not accept, before its content key is unwrapped
   */
  public EnvelopeInputStream(InputStream in, Credential recipient, AlgorithmPolicy algorithms) {
    CryptoProviders.ensureInstalled();
    this.source = in;
    this.parser = new EnvelopeSegmentParser(new BerReader(new BufferedInputStream(in, BUFFER)));
    this.unwrapper = new ContentKeyUnwrapper(recipient, algorithms);
    this.algorithms = algorithms;
  }

  /** True once every segment's tag verified and the input ended cleanly after the last one. */
  public boolean isFullyVerified() {
    return finished;
  }

  public int segmentsVerified() {
    return segmentsVerified;
  }

  public long plaintextBytes() {
    return plaintextBytes;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (failure != null) {
      throw failure; // sticky: a failed envelope never turns into a clean end
    }
    try {
      return readOrFail(b, off, len);
    } catch (GatewayIOException e) {
      failure = e;
      throw e;
    }
  }

  private int readOrFail(byte[] b, int off, int len) throws IOException {
    try {
      while (true) {
        if (pendingOffset < pendingTail.length) {
          int n = Math.min(len, pendingTail.length - pendingOffset);
          System.arraycopy(pendingTail, pendingOffset, b, off, n);
          pendingOffset += n;
          plaintextBytes += n;
          return n;
        }
        if (finished) {
          return -1;
        }
        if (gcm == null && !startSegment()) {
          finished = true;
          return -1;
        }
        int n = decryptSome(b, off, len);
        if (n > 0) {
          plaintextBytes += n;
          return n;
        }
        if (n < 0) {
          endSegment();
        }
      }
    } catch (GatewayException e) {
      throw new GatewayIOException(e);
    } catch (EnvelopeSegmentParser.UnsupportedContentAlgorithm e) {
      try {
        algorithms.checkContentEncryption(e.algorithm);
      } catch (GatewayException refused) {
        throw new GatewayIOException(refused);
      }
      throw new GatewayIOException(new GatewayException(ReasonCode.MALFORMED, e.getMessage(), e));
    } catch (BerStructureException e) {
      throw new GatewayIOException(segmentsVerified == 0 && gcm == null
          ? new GatewayException(ReasonCode.MALFORMED, "the file is not a sealed package (CMS AuthEnvelopedData): "
              + e.getMessage() + "; check that you chose the .p7m file of the package", e)
          : new GatewayException(ReasonCode.ENVELOPE_TAMPERED, "the envelope structure is broken in segment "
              + (segmentsVerified + 1) + ": " + e.getMessage() + "; the file was altered or damaged in transit", e));
    } catch (EOFException e) {
      throw new GatewayIOException(new GatewayException(
          segmentsVerified == 0 && gcm == null ? ReasonCode.MALFORMED : ReasonCode.ENVELOPE_TAMPERED,
          "the package file is truncated (" + e.getMessage() + ") before the authentication tag of segment "
              + (segmentsVerified + 1) + "; ask the sender to send it again", e));
    }
  }

  private boolean startSegment() throws IOException, GatewayException {
    if (!parser.readHeader()) {
      if (segmentsVerified == 0) {
        throw new GatewayException(ReasonCode.MALFORMED, "the package file is empty");
      }
      return false;
    }
    algorithms.checkContentEncryption(parser.contentAlgorithm());
    byte[] key;
    try {
      key = unwrapper.unwrap(parser.recipientInfos(), parser.contentAlgorithm());
    } catch (RuntimeException e) { // Bouncy Castle's getInstance refuses a wrongly typed element
      throw new GatewayException(segmentsVerified == 0 ? ReasonCode.MALFORMED : ReasonCode.ENVELOPE_TAMPERED,
          "the recipientInfos of envelope segment " + (segmentsVerified + 1) + " are malformed ("
              + e.getMessage() + "); the file is damaged or was not made by a compliant tool", e);
    }
    try {
      gcm = GcmDecryption.create(key, parser.nonce(), parser.tagLength());
    } catch (GeneralSecurityException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "cannot set up AES-GCM: " + e.getMessage(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    return true;
  }

  /** Returns plaintext bytes produced, 0 if none yet, or -1 when the segment's content is over. */
  private int decryptSome(byte[] b, int off, int len) throws IOException, GatewayException {
    if (cipherBuffer.length < len) {
      cipherBuffer = new byte[Math.min(Math.max(len, 8192), BUFFER)];
    }
    int want = Math.min(len, cipherBuffer.length);
    int n = parser.readContent(cipherBuffer, 0, want);
    if (n < 0) {
      return -1;
    }
    if (parser.contentBytes() > MAX_SEGMENT_CIPHERTEXT) {
      throw new GatewayException(ReasonCode.TOO_LARGE, "envelope segment " + (segmentsVerified + 1)
          + " exceeds 2 GiB of ciphertext; this gateway opens packages made of segments up to 2 GiB "
          + "(it seals 64 MiB segments); ask the sender to re-seal with mlagw or split the file");
    }
    try {
      return gcm.update(cipherBuffer, 0, n, b, off);
    } catch (GeneralSecurityException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "AES-GCM failed: " + e.getMessage(), e);
    }
  }

  private void endSegment() throws IOException, GatewayException {
    byte[] mac = parser.readTrailer();
    try {
      pendingTail = gcm.finish(mac);
      pendingOffset = 0;
    } catch (AEADBadTagException e) {
      throw new GatewayException(ReasonCode.ENVELOPE_TAMPERED, "segment " + (segmentsVerified + 1)
          + " of the package fails its AES-GCM authentication check: the encrypted bytes were altered "
          + "or cut; nothing from this package is released. Ask the sender to send it again", e);
    } catch (GeneralSecurityException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "AES-GCM failed: " + e.getMessage(), e);
    }
    gcm = null;
    segmentsVerified++;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
