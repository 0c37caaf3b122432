package eu.mlagw.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Hostile variants of a genuine sealed package (as written by EnvelopeOutputStream: BER with
 * indefinite-length ContentInfo, [0], AuthEnvelopedData, then version, then the recipientInfos SET
 * at a fixed offset). Each is named by its attack.
 */
public final class HostileEnvelopes {
  /** {@code 30 80} × 60,000: 120 KB of nesting, as in the report. */
  public static final int NESTING = 60_000;
  /** ContentInfo 30 80, OID 06 0b (11 bytes), a0 80, AuthEnvelopedData 30 80, version 02 01 00. */
  private static final int RECIPIENT_INFOS = 2 + 2 + 11 + 2 + 2 + 3;
  private static final byte[] AES256_GCM_OID = {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2e};

  private HostileEnvelopes() {}

  /** An originatorInfo [0] holding {@link #NESTING} nested indefinite-length SEQUENCEs. */
  public static byte[] nestedBerInOriginatorInfo(byte[] genuine) {
    check(genuine);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(genuine, 0, RECIPIENT_INFOS);
    out.write(0xa0);
    out.write(0x80);
    nesting(out);
    out.write(0);
    out.write(0);
    out.write(genuine, RECIPIENT_INFOS, genuine.length - RECIPIENT_INFOS);
    return out.toByteArray();
  }

  /** The recipientInfos SET replaced by one holding {@link #NESTING} nested indefinite-length SEQUENCEs. */
  public static byte[] nestedBerInRecipientInfos(byte[] genuine) {
    check(genuine);
    int setEnd = RECIPIENT_INFOS + headerAndLength(genuine, RECIPIENT_INFOS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(genuine, 0, RECIPIENT_INFOS);
    out.write(0x31);
    out.write(0x80);
    nesting(out);
    out.write(0);
    out.write(0);
    out.write(genuine, setEnd, genuine.length - setEnd);
    return out.toByteArray();
  }

  /** The recipientInfos SET declares a length of 2^56 bytes (an 8-octet length field). */
  public static byte[] lengthOfTwoToThe56(byte[] genuine) {
    check(genuine);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(genuine, 0, RECIPIENT_INFOS + 1);
    out.writeBytes(new byte[] {(byte) 0x88, 1, 0, 0, 0, 0, 0, 0, 0});
    int body = RECIPIENT_INFOS + lengthFieldEnd(genuine, RECIPIENT_INFOS);
    out.write(genuine, body, genuine.length - body);
    return out.toByteArray();
  }

  /** The content type is an INTEGER, not an OBJECT IDENTIFIER. */
  public static byte[] integerWhereAnOidBelongs(byte[] genuine) {
    check(genuine);
    byte[] b = genuine.clone();
    b[2] = 0x02;
    return b;
  }

  /** The recipientInfos carry a high tag number (identifier 0x3f). */
  public static byte[] highTagNumber(byte[] genuine) {
    check(genuine);
    byte[] b = genuine.clone();
    b[RECIPIENT_INFOS] = 0x3f;
    return b;
  }

  /** The GCM parameters ask for a 4-byte authentication tag. */
  public static byte[] fourByteGcmTag(byte[] genuine) {
    check(genuine);
    byte[] b = genuine.clone();
    int at = indexOf(b, AES256_GCM_OID);
    // 30 len 04 0c <12-byte nonce> 02 01 <icvLen>
    int icv = at + AES256_GCM_OID.length + 2 + 2 + 12 + 2;
    if (at < 0 || b[icv - 2] != 0x02 || b[icv - 1] != 0x01) {
      throw new IllegalArgumentException("no explicit GCM tag length found");
    }
    b[icv] = 4;
    return b;
  }

  private static void nesting(ByteArrayOutputStream out) {
    for (int i = 0; i < NESTING; i++) {
      out.write(0x30);
      out.write(0x80);
    }
    out.writeBytes(new byte[2 * NESTING]);
  }

  private static void check(byte[] genuine) {
    if (genuine[0] != 0x30 || genuine[1] != (byte) 0x80 || genuine[RECIPIENT_INFOS] != 0x31) {
      throw new IllegalArgumentException("not the envelope layout this fixture expects: "
          + Arrays.toString(Arrays.copyOf(genuine, RECIPIENT_INFOS + 1)));
    }
  }

  /** Offset (from the tag) where the content of a definite-length element starts. */
  private static int lengthFieldEnd(byte[] b, int tagAt) {
    int first = b[tagAt + 1] & 0xff;
    return first < 0x80 ? 2 : 2 + (first & 0x7f);
  }

  private static int headerAndLength(byte[] b, int tagAt) {
    int first = b[tagAt + 1] & 0xff;
    long len = first;
    if (first >= 0x80) {
      len = 0;
      for (int i = 0; i < (first & 0x7f); i++) {
        len = (len << 8) | (b[tagAt + 2 + i] & 0xff);
      }
    }
    return lengthFieldEnd(b, tagAt) + (int) len;
  }

  private static int indexOf(byte[] b, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= b.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
