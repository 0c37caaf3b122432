package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An Ed25519 note key: signs the text of a C2SP signed note (https://c2sp.org/signed-note) and
 * yields the signature line {@code — <name> <base64(key id || signature)>}. The private key is kept
 * in a PKCS#12 keystore like the gateway's other keys, with a self-signed certificate only because
 * PKCS#12 key entries need one (the certificate means nothing; the note key is published as its
 * {@link NoteVerifierKey} string). Thread-safe.
 */
public final class NoteSigner {
  private final Credential credential;
  private final NoteVerifierKey verifierKey;

  private NoteSigner(Credential credential, NoteVerifierKey verifierKey) {
    this.credential = credential;
    this.verifierKey = verifierKey;
  }

  /** A new key named {@code name} (the checkpoint origin it signs for). */
  public static NoteSigner generate(String name, SecureRandom random) {
    NoteVerifierKey.checkName(name);
    try {
      return of(name, generateCredential(name, random));
    } catch (GatewayException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A new Ed25519 key with a self-signed certificate labelled {@code label} (informative only), to
   * keep in a keystore; {@link #of} names it when it is loaded.
   */
  public static Credential generateCredential(String label, SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(255, random);
      KeyPair pair = g.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=note key " + label.replaceAll("[,+=\"\\\\<>;#]", "_"));
      X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
          subject, new BigInteger(64, random), Date.from(now.minus(Duration.ofDays(1))),
          Date.from(now.plus(Duration.ofDays(36525))), subject, pair.getPublic())
          .build(new JcaContentSignerBuilder("Ed25519").build(pair.getPrivate())));
      return new Credential(pair.getPrivate(), List.of(cert));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make an Ed25519 key: " + e.getMessage(), e);
    }
  }

  /**
   * The note key named {@code name} held by {@code credential} (as read from its keystore).
   *
   * @throws GatewayException KEYSTORE_UNREADABLE if the key is not Ed25519 (got X)
   */
  public static NoteSigner of(String name, Credential credential) throws GatewayException {
    byte[] spki = credential.certificate().getPublicKey().getEncoded();
    String algorithm = credential.privateKey().getAlgorithm();
    if (!(algorithm.equals("EdDSA") || algorithm.equals("Ed25519")) || spki.length != 44) {
      throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, "a note key is Ed25519, the keystore holds a "
          + algorithm + " key; make one with mlagw pki init");
    }
    return new NoteSigner(credential, new NoteVerifierKey(name, Arrays.copyOfRange(spki, 12, 44)));
  }

  /** The key and its throw-away certificate, to store in a keystore. */
  public Credential credential() {
    return credential;
  }

  public NoteVerifierKey verifierKey() {
    return verifierKey;
  }

  /** The signature line (with its final LF) of this key over {@code text}. */
  public String signatureLine(byte[] text) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(credential.privateKey());
      s.update(text);
      byte[] sig = s.sign();
      byte[] blob = new byte[4 + sig.length];
      System.arraycopy(verifierKey.keyId(), 0, blob, 0, 4);
      System.arraycopy(sig, 0, blob, 4, sig.length);
      return SignedNote.DASH + " " + verifierKey.name() + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
    }
  }

  /** {@code text} followed by a blank line and this key's signature line: a signed note. */
  public byte[] sign(byte[] text) {
    SignedNote.checkText(text);
    String line = signatureLine(text);
    byte[] tail = ("\n" + line).getBytes(StandardCharsets.UTF_8);
    byte[] note = Arrays.copyOf(text, text.length + tail.length);
    System.arraycopy(tail, 0, note, text.length, tail.length);
    return note;
  }
}
