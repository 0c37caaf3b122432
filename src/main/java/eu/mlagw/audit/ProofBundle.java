package eu.mlagw.audit;

/**
 * The layout of a proof bundle (format {@value #FORMAT}), a ZIP file:
 *
 * <pre>
 * README.txt               how to check the bundle with other tools
 * manifest.json            format, exchange, origin (gateway id), treeSize, rootHash (hex), events (sequence numbers)
 * checkpoint.txt           the checkpoint body (see {@link Checkpoint}), byte for byte what is signed
 * checkpoint.p7s           CMS SignedData (DER) encapsulating checkpoint.txt, signed by the gateway's seal
 * chain.pem                the seal certificate, its intermediates and the root, in that order
 * crls.pem                 CRLs of the chain's issuers (revocation status at the checkpoint's time)
 * events/SEQ.json          an event's canonical bytes (the Merkle leaf), SEQ = 12 digits
 * proofs/SEQ.json          {leafIndex, treeSize, leafHash, auditPath: [hex, ...]} (RFC 9162 §2.1.3)
 * </pre>
 *
 * Only the checkpoint is signed; manifest and proofs are hints a verifier recomputes or checks.
 */
public final class ProofBundle {
  public static final String FORMAT = "mlagw-audit-proof/1";
  public static final String README = "README.txt";
  public static final String MANIFEST = "manifest.json";
  public static final String CHECKPOINT_TEXT = "checkpoint.txt";
  public static final String CHECKPOINT_SIGNATURE = "checkpoint.p7s";
  public static final String CHAIN = "chain.pem";
  public static final String CRLS = "crls.pem";

  private ProofBundle() {}

  public static String eventFile(long sequence) {
    return String.format("events/%012d.json", sequence);
  }

  public static String proofFile(long sequence) {
    return String.format("proofs/%012d.json", sequence);
  }
}
