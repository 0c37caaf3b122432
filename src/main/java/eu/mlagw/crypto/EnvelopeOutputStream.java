package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * Encrypts a stream for one or more recipients as a sequence of CMS AuthEnvelopedData segments
 * (AES-256-GCM, RFC 5083/5084), each at most {@code segmentSize} plaintext bytes, each with its own
 * content key and nonce, each a standard envelope that OpenSSL opens on its own. Key transport is
 * chosen by each recipient's certificate: RSA-OAEP (SHA-256, MGF1-SHA-256) for RSA keys, ephemeral
 * ECDH P-256 with the X9.63 SHA-256 KDF and AES-256 key wrap for EC keys.
 *
 * <p>Bulk encryption runs on the JDK's AES-GCM (AES-NI, via {@link JdkGcmEncryptor}). Memory is bounded by the BER chunk buffer.
 * Closing finishes the last segment and closes {@code out}. Not thread-safe.
 */
public final class EnvelopeOutputStream extends OutputStream {
  /** Default plaintext bytes per segment. */
  public static final long DEFAULT_SEGMENT_SIZE = 64L << 20;
  private static final int CHUNK = 64 * 1024;

  private final OutputStream out;
  private final List<X509Certificate> recipients;
  private final long segmentSize;
  private final SecureRandom random;
  private OutputStream segment;
  private long segmentWritten;
  private int segments;
  private boolean closed;

  public EnvelopeOutputStream(OutputStream out, List<X509Certificate> recipients, long segmentSize,
      SecureRandom random) throws GatewayException {
    if (recipients.isEmpty()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "a package needs at least one recipient");
    }
    if (segmentSize < 4096 || segmentSize > EnvelopeInputStream.MAX_SEGMENT_CIPHERTEXT) {
      throw new IllegalArgumentException("segment size " + segmentSize + " outside 4 KiB .. 2 GiB");
    }
    CryptoProviders.ensureInstalled();
    for (X509Certificate cert : recipients) {
      checkEncryptionUsage(cert);
    }
    this.out = out;
    this.recipients = List.copyOf(recipients);
    this.segmentSize = segmentSize;
    this.random = random;
  }

  /** Number of segments written so far (including the open one). */
  public int segments() {
    return segments;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (segment == null) {
        segment = openSegment();
      }
      int n = (int) Math.min(len, segmentSize - segmentWritten);
      segment.write(b, off, n);
      segmentWritten += n;
      off += n;
      len -= n;
      if (segmentWritten == segmentSize) {
        segment.close();
        segment = null;
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (segment == null && segments == 0) {
      segment = openSegment(); // an empty package is still one valid envelope
    }
    if (segment != null) {
      segment.close();
      segment = null;
    }
    out.close();
  }

  private OutputStream openSegment() throws IOException {
    try {
      CMSAuthEnvelopedDataStreamGenerator gen = new CMSAuthEnvelopedDataStreamGenerator();
      gen.setBufferSize(CHUNK);
      for (X509Certificate cert : recipients) {
        if ("RSA".equals(cert.getPublicKey().getAlgorithm())) {
          gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(cert,
              new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP,
                  new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)))
              .setProvider(CryptoProviders.ensureInstalled()));
        } else {
          KeyPair ephemeral = KeyKind.EC_P256.generate(random);
          gen.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(CMSAlgorithm.ECDH_SHA256KDF,
              ephemeral.getPrivate(), ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP)
              .addRecipient(cert).setProvider(CryptoProviders.ensureInstalled()));
        }
      }
      OutputAEADEncryptor encryptor = new JdkGcmEncryptor(random);
      segments++;
      segmentWritten = 0;
      return gen.open(new NonClosing(out), encryptor);
    } catch (CMSException | java.security.GeneralSecurityException e) {
      throw new IOException("cannot start envelope segment " + (segments + 1) + ": " + e.getMessage(), e);
    }
  }

  private static void checkEncryptionUsage(X509Certificate cert) throws GatewayException {
    boolean[] ku = cert.getKeyUsage();
    boolean rsa = "RSA".equals(cert.getPublicKey().getAlgorithm());
    if (ku != null && !(rsa ? ku[2] : ku[4])) {
      throw new GatewayException(ReasonCode.KEY_USAGE, "the certificate of '"
          + cert.getSubjectX500Principal().getName() + "' does not allow "
          + (rsa ? "keyEncipherment" : "keyAgreement") + "; configure the recipient's encryption certificate, "
          + "not its seal or TLS certificate");
    }
  }

  /** Lets each segment's generator "close" without closing the file under it. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
