package eu.mlagw.audit;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.NoteSigner;
import eu.mlagw.crypto.NoteVerifierKey;
import eu.mlagw.error.GatewayException;

/**
 * Signs checkpoints twice: as a C2SP signed note with the gateway's Ed25519 note key (what
 * checkpoint tools check), and that whole note with the gateway's seal as CMS SignedData (DER)
 * encapsulating it, signing-time = the checkpoint's time, the seal's chain included (what court
 * documents and certificate-based verifiers check).
 * {@code openssl cms -verify -inform DER -in checkpoint.p7s -CAfile root.pem} prints the note.
 * Thread-safe.
 */
public final class CheckpointSigner {
  private final DetachedSigner signer;
  private final NoteSigner noteKey;

  /** @param noteKey the gateway's note key; its name is the origin of every checkpoint it signs */
  public CheckpointSigner(DetachedSigner signer, NoteSigner noteKey) {
    this.signer = signer;
    this.noteKey = noteKey;
  }

  /**
   * The signed checkpoint (what {@link AuditStore#addCheckpoint} keeps).
   *
   * @throws IllegalArgumentException if the checkpoint's origin is not the note key's name
   */
  public byte[] sign(Checkpoint checkpoint) throws GatewayException {
    if (!checkpoint.origin().equals(noteKey.verifierKey().name())) {
      throw new IllegalArgumentException("the note key " + noteKey.verifierKey().name()
          + " signs only checkpoints of that origin, got origin " + checkpoint.origin());
    }
    return signer.signEncapsulating(noteKey.sign(checkpoint.body()), checkpoint.time());
  }

  /** The published verifier key of the note key. */
  public NoteVerifierKey noteVerifierKey() {
    return noteKey.verifierKey();
  }

  /** The certificate chain of the seal, leaf first (bundles carry it). */
  public java.util.List<java.security.cert.X509Certificate> chain() {
    return signer.credential().chain();
  }
}
