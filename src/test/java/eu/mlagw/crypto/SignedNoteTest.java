package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * C2SP signed notes and note keys against the example of the Go reference implementation
 * (golang.org/x/mod/sumdb/note package documentation), and the format's strictness.
 */
class SignedNoteTest {
  private static final String GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  private static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  private static final String GO_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  @Test
  void theGoReferenceNoteVerifiesWithItsVerifierKey() {
    NoteVerifierKey key = NoteVerifierKey.parse(GO_VKEY);
    assertEquals("PeterNeumann", key.name());
    assertEquals("c74f20a3", HexFormat.of().formatHex(key.keyId()));
    assertEquals(GO_VKEY, key.toString());
    SignedNote note = SignedNote.parse((GO_TEXT + "\n" + GO_SIG).getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(GO_TEXT.getBytes(StandardCharsets.UTF_8), note.text());
    assertTrue(note.isSignedBy(key));
    SignedNote altered = SignedNote.parse((GO_TEXT.replace("answer", "Answer") + "\n" + GO_SIG).getBytes(StandardCharsets.UTF_8));
    assertFalse(altered.isSignedBy(key));
  }

  @Test
  void signingWithTheGoReferenceKeyGivesItsSignatureByteForByte() throws Exception {
    byte[] seed = Arrays.copyOfRange(Base64.getDecoder().decode(GO_SKEY.split("\\+", 5)[4]), 1, 33);
    byte[] pub = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    KeyFactory kf = KeyFactory.getInstance("Ed25519");
    KeyPair pair = new KeyPair(kf.generatePublic(new X509EncodedKeySpec(concat(
            HexFormat.of().parseHex("302a300506032b6570032100"), pub))),
        kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
    Credential credential = new Credential(pair.getPrivate(), List.of(selfSigned(pair)));
    NoteSigner signer = NoteSigner.of("PeterNeumann", credential);
    assertEquals(GO_VKEY, signer.verifierKey().toString());
    assertEquals(GO_TEXT + "\n" + GO_SIG, new String(signer.sign(GO_TEXT.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8));
  }

  @Test
  void signaturesOfOtherKeysAreIgnoredAndAKeyIdMismatchDoesNotCount() {
    NoteSigner a = NoteSigner.generate("a.example/log", new SecureRandom());
    NoteSigner b = NoteSigner.generate("b.example/log", new SecureRandom());
    byte[] text = "a.example/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".getBytes(StandardCharsets.UTF_8);
    String twoSigs = new String(a.sign(text), StandardCharsets.UTF_8) + b.signatureLine(text);
    SignedNote note = SignedNote.parse(twoSigs.getBytes(StandardCharsets.UTF_8));
    assertEquals(2, note.signatures().size());
    assertTrue(note.isSignedBy(a.verifierKey()));
    assertTrue(note.isSignedBy(b.verifierKey()));
    NoteSigner sameName = NoteSigner.generate("a.example/log", new SecureRandom());
    assertFalse(SignedNote.parse(b.sign(text)).isSignedBy(a.verifierKey()), "only b signed");
    assertFalse(SignedNote.parse(sameName.sign(text)).isSignedBy(a.verifierKey()), "same name, other key id");
  }

  @Test
  void verifierKeysWhoseBase64HoldsAPlusRoundTrip() {
    for (int i = 0; i < 200; i++) {
      NoteVerifierKey k = NoteSigner.generate("gw-x.mlagw/audit", new SecureRandom()).verifierKey();
      if (k.toString().split("\\+").length > 3) {
        assertEquals(k, NoteVerifierKey.parse(k.toString()));
        return;
      }
    }
    throw new AssertionError("no key with '+' in its Base64 in 200 tries");
  }

  @Test
  void malformedNotesAndKeysAreRefusedSayingWhat() {
    String ok = GO_TEXT + "\n" + GO_SIG;
    List<String> notes = List.of(GO_TEXT, ok.substring(0, ok.length() - 1), ok.replace("\u2014 ", "-- "),
        ok.replace("x08go/", "x08go!"), GO_TEXT + "\n\u2014 PeterNeumann AQID\n", GO_TEXT.replace("\n", "\r\n") + "\n" + GO_SIG,
        GO_TEXT + "\n" + ("\u2014 Peter Neumann x08g\n"));
    for (String n : notes) {
      assertThrows(IllegalArgumentException.class, () -> SignedNote.parse(n.getBytes(StandardCharsets.UTF_8)), n);
    }
    assertThrows(IllegalArgumentException.class, () -> SignedNote.parse(new byte[SignedNote.MAX_BYTES + 1]));
    assertThrows(IllegalArgumentException.class, () -> SignedNote.parse(
        (GO_TEXT + "\n" + GO_SIG.repeat(SignedNote.MAX_SIGNATURES + 1)).getBytes(StandardCharsets.UTF_8)));
    IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
        () -> NoteVerifierKey.parse(GO_VKEY.replace("c74f20a3", "c74f20a4")));
    assertEquals("the key id of the note verifier key does not match: its name and key give c74f20a3 "
        + "(8 lower-case hex digits)", id.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse("PeterNeumann+c74f20a3"));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse("Peter Neumann+c74f20a3+AQ=="));
  }

  private static java.security.cert.X509Certificate selfSigned(KeyPair pair) throws Exception {
    org.bouncycastle.asn1.x500.X500Name n = new org.bouncycastle.asn1.x500.X500Name("CN=test");
    return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
        new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(n, java.math.BigInteger.ONE,
            new java.util.Date(0), new java.util.Date(4102444800000L), n, pair.getPublic())
            .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
