package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The fast GCM path (AES-CTR + re-encryption for the tag) must be exactly GCM: published test
 * vectors (McGrew &amp; Viega, "The Galois/Counter Mode of Operation", test cases 13–15, AES-256,
 * 96-bit IV) and agreement with the JDK's own GCM on random inputs of awkward lengths.
 */
class FastGcmDecryptionTest {
  private static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest(name = "GCM spec test case {0}")
  @CsvSource({
      "13, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000, '', '',"
          + " 530f8afbc74536b9a963b4f1c4cb738b",
      "14, 0000000000000000000000000000000000000000000000000000000000000000, 000000000000000000000000,"
          + " 00000000000000000000000000000000, cea7403d4d606b6e074ec5d3baf39d18, d0d1c8a799996bf0265b98b5d48ab919",
      "15, feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308, cafebabefacedbaddecaf888,"
          + " d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
          + "b16aedf5aa0de657ba637b391aafd255,"
          + " 522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
          + "c5f61e6393ba7a0abcc9f662898015ad, b094dac5d93471bdec1a502270e3cc6c"})
  void matchesPublishedVectors(int testCase, String key, String iv, String plain, String cipher, String tag)
      throws Exception {
    byte[] c = HEX.parseHex(cipher);
    FastGcmDecryption gcm = new FastGcmDecryption(HEX.parseHex(key), HEX.parseHex(iv), 16);
    byte[] out = new byte[c.length];
    gcm.update(c, 0, c.length, out, 0);
    gcm.finish(HEX.parseHex(tag));
    assertArrayEquals(HEX.parseHex(plain), out);
  }

  @Test
  void rejectsWrongTagOfPublishedVector() throws Exception {
    byte[] c = HEX.parseHex("cea7403d4d606b6e074ec5d3baf39d18");
    FastGcmDecryption gcm = new FastGcmDecryption(new byte[32], new byte[12], 16);
    gcm.update(c, 0, c.length, new byte[16], 0);
    byte[] tag = HEX.parseHex("d0d1c8a799996bf0265b98b5d48ab918");
    assertThrows(AEADBadTagException.class, () -> gcm.finish(tag));
  }

  @Test
  void agreesWithJdkGcmOnRandomInputsInUnevenPieces() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int len : new int[] {0, 1, 15, 16, 17, 8191, 8192, 8193, 100_000, 1 << 20}) {
      byte[] key = new byte[32];
      byte[] nonce = new byte[12];
      byte[] plain = new byte[len];
      random.nextBytes(key);
      random.nextBytes(nonce);
      random.nextBytes(plain);
      Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
      enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      byte[] sealed = enc.doFinal(plain);
      byte[] ct = Arrays.copyOf(sealed, len);
      byte[] tag = Arrays.copyOfRange(sealed, len, sealed.length);
      for (GcmDecryption gcm : new GcmDecryption[] {new FastGcmDecryption(key, nonce, 16),
          new PortableGcmDecryption(key, nonce, 16)}) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] out = new byte[len + 32];
        int off = 0;
        while (off < len) {
          int piece = Math.min(len - off, 1 + random.nextInt(20_000));
          got.write(out, 0, gcm.update(ct, off, piece, out, 0));
          off += piece;
        }
        got.write(gcm.finish(tag));
        assertArrayEquals(plain, got.toByteArray(), gcm.getClass().getSimpleName() + " len " + len);
      }
      if (len > 0) {
        ct[len / 2] ^= 1;
        FastGcmDecryption gcm = new FastGcmDecryption(key, nonce, 16);
        gcm.update(ct, 0, len, new byte[len], 0);
        assertThrows(AEADBadTagException.class, () -> gcm.finish(tag), "flipped bit at len " + len);
      }
    }
  }

  @Test
  void portablePathHandlesNonStandardNonceLength() throws Exception {
    byte[] key = new byte[32];
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    byte[] plain = "a 128-bit nonce takes the portable path".getBytes();
    Cipher enc = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = enc.doFinal(plain);
    GcmDecryption gcm = GcmDecryption.create(key, nonce, 16);
    byte[] out = new byte[sealed.length];
    int n = gcm.update(sealed, 0, plain.length, out, 0);
    byte[] tail = gcm.finish(Arrays.copyOfRange(sealed, plain.length, sealed.length));
    System.arraycopy(tail, 0, out, n, tail.length);
    assertArrayEquals(plain, Arrays.copyOf(out, plain.length));
  }
}
