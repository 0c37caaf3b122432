package eu.mlagw.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Walks one CMS ContentInfo holding AuthEnvelopedData (RFC 5083) in a stream: the header (recipient
 * infos, content-encryption algorithm) is parsed into memory, the encrypted content is handed out
 * in chunks as it streams past, then the MAC and the closing octets are read. Accepts DER and BER
 * (definite and indefinite lengths, encrypted content primitive or as a constructed OCTET STRING of
 * primitive chunks) and checks that every definite length adds up. Reads nothing beyond the end of
 * the ContentInfo, so segments may follow one another. Not thread-safe.
 */
final class EnvelopeSegmentParser {
  private static final int MAX_HEADER_ELEMENT = 1 << 20;

  /** The content-encryption algorithm is not AES-GCM, so its parameters cannot even be read. */
  static final class UnsupportedContentAlgorithm extends BerStructureException {
    final transient AlgorithmIdentifier algorithm;

    UnsupportedContentAlgorithm(AlgorithmIdentifier algorithm) {
      super("content encryption " + algorithm.getAlgorithm() + " is not AES-GCM");
      this.algorithm = algorithm;
    }
  }

  private final BerReader ber;
  private final Deque<long[]> open = new ArrayDeque<>(); // {start, length}
  private ASN1Set recipientInfos;
  private AlgorithmIdentifier contentAlgorithm;
  private byte[] nonce;
  private int tagLength;
  // content state
  private boolean contentConstructed;
  private long contentOuterLength;
  private long contentOuterStart;
  private long chunkRemaining;
  private boolean contentDone;
  private long contentBytes;
  private long segmentStart;

  EnvelopeSegmentParser(BerReader ber) {
    this.ber = ber;
  }

  /**
   * Reads the header of the next segment; returns false at a clean end of stream (no more segments).
   */
  boolean readHeader() throws IOException {
    segmentStart = ber.position();
    int tag = ber.readTagOrEnd();
    if (tag < 0) {
      return false;
    }
    if (tag != 0x30) {
      throw new BerStructureException("expected a CMS ContentInfo (SEQUENCE) at offset " + (ber.position() - 1)
          + " but found tag 0x" + Integer.toHexString(tag));
    }
    push(ber.readLength());
    ASN1ObjectIdentifier type = oid(ber.expect(0x06, "content type"));
    if (!CMSObjectIdentifiers.authEnvelopedData.equals(type)) {
      throw new BerStructureException("content type is " + type + ", not id-ct-authEnvelopedData "
          + CMSObjectIdentifiers.authEnvelopedData + " (AES-GCM envelope)");
    }
    push(ber.expect(0xa0, "[0] content"));
    push(ber.expect(0x30, "AuthEnvelopedData"));
    byte[] version = ber.readElement(0x02, ber.expect(0x02, "version"), 16, "version");
    if (version.length != 3 || version[2] != 0) {
      throw new BerStructureException("AuthEnvelopedData version must be 0");
    }
    if (ber.peekTag() == 0xa0) { // originatorInfo: certificates we do not need
      ber.readTag();
      ber.skipBody(ber.readLength(), "originatorInfo");
    }
    int setTag = ber.readTag();
    if (setTag != 0x31) {
      throw new BerStructureException("expected recipientInfos (SET) but found tag 0x" + Integer.toHexString(setTag));
    }
    recipientInfos = ASN1Set.getInstance(parse(
        ber.readElement(setTag, ber.readLength(), MAX_HEADER_ELEMENT, "recipientInfos"), "recipientInfos"));
    push(ber.expect(0x30, "authEncryptedContentInfo"));
    ASN1ObjectIdentifier innerType = oid(ber.expect(0x06, "inner content type"));
    if (!CMSObjectIdentifiers.data.equals(innerType)) {
      throw new BerStructureException("encrypted content type is " + innerType + ", expected id-data");
    }
    int algTag = ber.readTag();
    try {
      contentAlgorithm = AlgorithmIdentifier.getInstance(parse(
          ber.readElement(algTag, ber.readLength(), 4096, "contentEncryptionAlgorithm"), "contentEncryptionAlgorithm"));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new BerStructureException("contentEncryptionAlgorithm is not an AlgorithmIdentifier: " + e.getMessage());
    }
    ASN1ObjectIdentifier alg = contentAlgorithm.getAlgorithm();
    if (!alg.equals(NISTObjectIdentifiers.id_aes256_GCM) && !alg.equals(NISTObjectIdentifiers.id_aes128_GCM)
        && !alg.equals(NISTObjectIdentifiers.id_aes192_GCM)) {
      throw new UnsupportedContentAlgorithm(contentAlgorithm); // the AlgorithmPolicy words the refusal
    }
    GCMParameters params;
    try {
      params = GCMParameters.getInstance(contentAlgorithm.getParameters());
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw new BerStructureException("the AES-GCM parameters (nonce, tag length) are malformed: " + e.getMessage());
    }
    if (params == null) {
      throw new BerStructureException("the AES-GCM parameters (nonce, tag length) are missing");
    }
    nonce = params.getNonce();
    tagLength = params.getIcvLen();
    if (tagLength < 12 || tagLength > 16 || nonce.length < 8 || nonce.length > 64) {
      throw new BerStructureException("GCM parameters out of range: nonce " + nonce.length + " bytes, tag "
          + tagLength + " bytes (allowed: tag 12..16)");
    }
    int contentTag = ber.readTag();
    contentOuterLength = ber.readLength();
    contentOuterStart = ber.position();
    contentBytes = 0;
    if (contentTag == 0x80) {
      if (contentOuterLength == BerReader.INDEFINITE) {
        throw new BerStructureException("primitive encrypted content cannot have indefinite length");
      }
      contentConstructed = false;
      chunkRemaining = contentOuterLength;
      contentDone = contentOuterLength == 0;
    } else if (contentTag == 0xa0) {
      contentConstructed = true;
      chunkRemaining = 0;
      contentDone = false;
    } else {
      throw new BerStructureException("expected encryptedContent [0] but found tag 0x" + Integer.toHexString(contentTag)
          + " (envelopes without content are not packages)");
    }
    return true;
  }

  ASN1Set recipientInfos() {
    return recipientInfos;
  }

  AlgorithmIdentifier contentAlgorithm() {
    return contentAlgorithm;
  }

  byte[] nonce() {
    return nonce.clone();
  }

  int tagLength() {
    return tagLength;
  }

  /** Offset in the stream where the current segment's ContentInfo starts. */
  long segmentStart() {
    return segmentStart;
  }

  /** Bytes consumed from the stream so far (after readTrailer: the end of the segment). */
  long position() {
    return ber.position();
  }

  long contentBytes() {
    return contentBytes;
  }

  /** Reads up to {@code len} encrypted bytes; -1 once the encrypted content is complete. */
  int readContent(byte[] buf, int off, int len) throws IOException {
    while (!contentDone && chunkRemaining == 0) {
      nextChunk();
    }
    if (contentDone) {
      return -1;
    }
    int n = ber.read(buf, off, (int) Math.min(len, chunkRemaining));
    if (n < 0) {
      throw new EOFException("envelope ends inside its encrypted content");
    }
    chunkRemaining -= n;
    contentBytes += n;
    if (!contentConstructed && chunkRemaining == 0) {
      contentDone = true;
    }
    return n;
  }

  private void nextChunk() throws IOException {
    if (contentOuterLength != BerReader.INDEFINITE && ber.position() - contentOuterStart == contentOuterLength) {
      contentDone = true;
      return;
    }
    int tag = ber.readTag();
    long len = ber.readLength();
    if (tag == 0 && len == 0 && contentOuterLength == BerReader.INDEFINITE) {
      contentDone = true;
      return;
    }
    if (tag != 0x04 || len == BerReader.INDEFINITE) {
      throw new BerStructureException("encrypted content chunk has tag 0x" + Integer.toHexString(tag)
          + "; expected primitive OCTET STRING chunks");
    }
    chunkRemaining = len;
    if (contentOuterLength != BerReader.INDEFINITE
        && ber.position() + len - contentOuterStart > contentOuterLength) {
      throw new BerStructureException("encrypted content chunk overruns its declared length");
    }
  }

  /** After the content: reads and returns the MAC, then the closing octets of every container. */
  byte[] readTrailer() throws IOException {
    pop("authEncryptedContentInfo");
    if (ber.peekTag() == 0xa1) {
      throw new BerStructureException("authenticated attributes in AuthEnvelopedData are not supported");
    }
    long macLength = ber.expect(0x04, "mac (OCTET STRING)");
    if (macLength < 0 || macLength > 64) {
      throw new BerStructureException("mac length " + macLength + " is invalid");
    }
    byte[] mac = ber.readFully((int) macLength);
    if (ber.peekTag() == 0xa2 && !atEndOfTop()) { // unauthAttrs carry nothing we rely on
      ber.readTag();
      ber.skipBody(ber.readLength(), "unauthAttrs");
    }
    pop("AuthEnvelopedData");
    pop("[0] content");
    pop("ContentInfo");
    return mac;
  }

  private boolean atEndOfTop() {
    long[] top = open.peek();
    return top != null && top[1] != BerReader.INDEFINITE && ber.position() - top[0] == top[1];
  }

  private void push(long length) {
    open.push(new long[] {ber.position(), length});
  }

  private void pop(String what) throws IOException {
    long[] top = open.pop();
    if (top[1] == BerReader.INDEFINITE) {
      ber.expectEndOfContents(what);
    } else if (ber.position() - top[0] != top[1]) {
      throw new BerStructureException(what + " declares " + top[1] + " bytes but holds " + (ber.position() - top[0]));
    }
  }

  private ASN1ObjectIdentifier oid(long length) throws IOException {
    try {
      return ASN1ObjectIdentifier.getInstance(parse(ber.readElement(0x06, length, 256, "content type"), "content type"));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new BerStructureException("a content type is not a valid object identifier: " + e.getMessage());
    }
  }

  /** Bouncy Castle's parse of a checked element; its complaints are structural, never I/O. */
  private static ASN1Primitive parse(byte[] element, String part) throws BerStructureException {
    try {
      return ASN1Primitive.fromByteArray(element);
    } catch (IOException | RuntimeException e) {
      throw new BerStructureException(part + " cannot be parsed: " + e.getMessage());
    }
  }
}
