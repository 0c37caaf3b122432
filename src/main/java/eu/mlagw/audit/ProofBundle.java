package eu.mlagw.audit;

/**
 * The layout of a proof bundle (format {@value #FORMAT}; {@value #FORMAT_1} bundles still verify), a ZIP file:
 *
 * <pre>
 * README.txt               how to check the bundle with other tools
 * manifest.json            format, exchange, origin (checkpoint origin), treeSize, rootHash (hex), events (sequence numbers)
 * checkpoint.txt           the checkpoint as a C2SP signed note (see {@link Checkpoint}; format 1 and legacy
 *                          checkpoints: the bare body), byte for byte what checkpoint.p7s encapsulates
 * note-key.vkey            format 2: the gateway's note verifier key NAME+KEYID+KEY (compare with the published one)
 * consistency.json         format 2, optional: {fromSize, fromRootHash, toSize, toRootHash, proof: [hex, ...]}, the
 *                          RFC 9162 §2.1.4 consistency proof from a checkpoint the auditor holds to checkpoint.txt
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
  public static final String FORMAT = "mlagw-audit-proof/2";
  /** The first format: no note key, no consistency proof; still verified. */
  public static final String FORMAT_1 = "mlagw-audit-proof/1";
  public static final String NOTE_KEY = "note-key.vkey";
  public static final String CONSISTENCY = "consistency.json";
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
