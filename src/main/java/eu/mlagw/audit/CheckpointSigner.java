package eu.mlagw.audit;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.error.GatewayException;

/**
 * Signs checkpoints with the gateway's seal: CMS SignedData (DER) that encapsulates the
 * {@link Checkpoint#body()} bytes, signing-time = the checkpoint's time, the seal's chain included.
 * {@code openssl cms -verify -inform DER -in checkpoint.p7s -CAfile root.pem} prints the body.
 * Thread-safe.
 */
public final class CheckpointSigner {
  private final DetachedSigner signer;

  public CheckpointSigner(DetachedSigner signer) {
    this.signer = signer;
  }

  /** The signed checkpoint (what {@link AuditStore#addCheckpoint} keeps). */
  public byte[] sign(Checkpoint checkpoint) throws GatewayException {
    return signer.signEncapsulating(checkpoint.body(), checkpoint.time());
  }

  /** The certificate chain of the seal, leaf first (bundles carry it). */
  public java.util.List<java.security.cert.X509Certificate> chain() {
    return signer.credential().chain();
  }
}
