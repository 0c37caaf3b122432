package eu.mlagw.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the proof bundle of one exchange: a ZIP holding its events (canonical bytes), an RFC 9162
 * inclusion proof of each against one signed checkpoint, that checkpoint, the gateway's
 * certificate chain and CRLs, a manifest and a README.txt, so that {@link ProofBundleVerifier} (or
 * OpenSSL and a few lines of any language) checks it with nothing else. The layout is in
 * {@link ProofBundle}. Reads the log once up to the checkpoint's size, recomputing its root (a store
 * that no longer matches the checkpoint yields no bundle); memory: 32 bytes per event of the log.
 */
public final class ProofBundleWriter {
  private final AuditStore store;

  public ProofBundleWriter(AuditStore store) {
    this.store = store;
  }

  /** What was written. */
  public record Written(Path file, String exchangeId, List<Long> sequences, Checkpoint checkpoint) {}

  /**
   * @param checkpoint a verified checkpoint of this log (see {@link AuditLog#checkpoint()})
   * @param crls the CRLs that prove the chain's certificates unrevoked (the gateway's configured ones)
   * @throws GatewayException OUTPUT_EXISTS, INPUT_INVALID (no event of the exchange), AUDIT_TAMPERED
   *     (the store no longer matches the checkpoint), IO_ERROR
   */
  public Written write(String exchangeId, VerifiedCheckpoint checkpoint, List<X509CRL> crls, Path out)
      throws GatewayException {
    return write(exchangeId, checkpoint, crls, java.util.Optional.empty(), out);
  }

  /**
   * As {@link #write(String, VerifiedCheckpoint, List, Path)}, plus the RFC 9162 consistency proof
   * from {@code held} (a checkpoint the auditor holds, of this log) to {@code checkpoint}.
   *
   * @throws GatewayException also INPUT_INVALID when {@code held} is larger than the checkpoint or of
   *     another log, AUDIT_TAMPERED when this log's root at {@code held}'s size is not {@code held}'s
   */
  public Written write(String exchangeId, VerifiedCheckpoint checkpoint, List<X509CRL> crls,
      java.util.Optional<Checkpoint> held, Path out) throws GatewayException {
    if (Files.exists(out)) {
      throw new GatewayException(ReasonCode.OUTPUT_EXISTS, out + " already exists; choose another --out file or "
          + "remove it first");
    }
    Checkpoint c = checkpoint.checkpoint();
    if (c.size() > LeafHashes.MAX_LEAVES) {
      throw new GatewayException(ReasonCode.TOO_LARGE, "the log has " + c.size() + " events; a bundle is made over at most "
          + LeafHashes.MAX_LEAVES);
    }
    LeafHashes leaves = new LeafHashes(c.size());
    List<AuditEvent> events = new ArrayList<>();
    MerkleHashes hashes = new MerkleHashes();
    for (long from = 0; from < c.size(); from += AuditLogVerifier.BATCH) {
      List<AuditEvent> batch = store.read(from, Math.min(c.size(), from + AuditLogVerifier.BATCH));
      for (AuditEvent e : batch) {
        if (e.sequence() != leaves.size()) {
          throw tampered("the store returned event " + e.sequence() + " where " + leaves.size() + " belongs");
        }
        leaves.add(hashes.leaf(AuditEventCodec.encode(e)));
        if (exchangeId.equals(e.record().exchangeId())) {
          events.add(e);
        }
      }
      if (batch.isEmpty()) {
        break;
      }
    }
    if (leaves.size() != c.size()) {
      throw tampered("the store holds only " + leaves.size() + " of the " + c.size() + " events the checkpoint covers");
    }
    MerkleProofs proofs = new MerkleProofs(leaves);
    byte[] root = proofs.root(c.size());
    if (!MessageDigest.isEqual(root, c.rootHash())) {
      throw tampered("the events no longer hash to the signed root (signed " + MerkleHashes.hex(c.rootHash())
          + ", calculated " + MerkleHashes.hex(root) + ")");
    }
    List<byte[]> consistency = held.isPresent() ? consistency(proofs, held.get(), c) : null;
    if (events.isEmpty()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "no event of exchange '" + exchangeId + "' among the "
          + c.size() + " events covered by the newest checkpoint; check the exchange id (mlagw audit query --exchange ID)");
    }
    Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
    try {
      try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = json.createObjectNode();
        manifest.put("format", ProofBundle.FORMAT);
        manifest.put("exchange", exchangeId);
        manifest.put("origin", c.origin());
        manifest.put("treeSize", c.size());
        manifest.put("rootHash", MerkleHashes.hex(c.rootHash()));
        ArrayNode list = manifest.putArray("events");
        List<Long> sequences = new ArrayList<>();
        for (AuditEvent e : events) {
          byte[] canonical = AuditEventCodec.encode(e);
          put(zip, ProofBundle.eventFile(e.sequence()), canonical);
          ObjectNode proof = json.createObjectNode();
          proof.put("leafIndex", e.sequence());
          proof.put("treeSize", c.size());
          proof.put("leafHash", MerkleHashes.hex(leaves.get(e.sequence())));
          ArrayNode path = proof.putArray("auditPath");
          proofs.inclusion(e.sequence(), c.size()).forEach(h -> path.add(MerkleHashes.hex(h)));
          put(zip, ProofBundle.proofFile(e.sequence()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(proof));
          list.add(e.sequence());
          sequences.add(e.sequence());
        }
        put(zip, ProofBundle.MANIFEST, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
        put(zip, ProofBundle.CHECKPOINT_TEXT, checkpoint.note());
        if (checkpoint.noteKey() != null) {
          put(zip, ProofBundle.NOTE_KEY, (checkpoint.noteKey() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (consistency != null) {
          ObjectNode proof = json.createObjectNode();
          proof.put("fromSize", held.get().size());
          proof.put("fromRootHash", MerkleHashes.hex(held.get().rootHash()));
          proof.put("toSize", c.size());
          proof.put("toRootHash", MerkleHashes.hex(c.rootHash()));
          ArrayNode path = proof.putArray("proof");
          consistency.forEach(h -> path.add(MerkleHashes.hex(h)));
          put(zip, ProofBundle.CONSISTENCY, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(proof));
        }
        put(zip, ProofBundle.CHECKPOINT_SIGNATURE, checkpoint.signed());
        put(zip, ProofBundle.CHAIN, pem(checkpoint.signature().chain()).getBytes(StandardCharsets.US_ASCII));
        put(zip, ProofBundle.CRLS, crlPem(crls).getBytes(StandardCharsets.US_ASCII));
        put(zip, ProofBundle.README, readme());
        zip.finish();
        os.flush();
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        return new Written(out, exchangeId, sequences, c);
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot write " + out + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the bundle was moved into place or writing failed; a stale temporary file is harmless
      }
    }
  }

  private static List<byte[]> consistency(MerkleProofs proofs, Checkpoint held, Checkpoint c) throws GatewayException {
    if (!held.isOfGateway(gatewayOf(c), false) && !held.isOfGateway(gatewayOf(c), true)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the checkpoint you hold is of log '" + held.origin()
          + "', not of this gateway's log '" + c.origin() + "'; give a checkpoint of this gateway");
    }
    if (held.size() > c.size()) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint you hold covers " + held.size()
          + " events, but the newest checkpoint of this log covers only " + c.size() + "; the log was rolled back");
    }
    byte[] root = proofs.root(held.size());
    if (!MessageDigest.isEqual(root, held.rootHash())) {
      throw new GatewayException(ReasonCode.AUDIT_TAMPERED, "the checkpoint you hold (size " + held.size() + ", root "
          + MerkleHashes.hex(held.rootHash()) + ") is not this log's state at that size (root " + MerkleHashes.hex(root)
          + "): the log was rewritten since, or the checkpoint you hold was not signed by this gateway");
    }
    return proofs.consistency(held.size(), c.size());
  }

  /** The gateway id of a checkpoint origin (the origin itself in legacy form). */
  private static String gatewayOf(Checkpoint c) {
    String suffix = Checkpoint.originOf("");
    return c.origin().endsWith(suffix) ? c.origin().substring(0, c.origin().length() - suffix.length()) : c.origin();
  }

  private static GatewayException tampered(String what) {
    return new GatewayException(ReasonCode.AUDIT_TAMPERED, "no bundle made: " + what
        + "; run mlagw audit verify to find the first bad sequence number");
  }

  private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  private static byte[] readme() throws IOException {
    try (InputStream in = ProofBundleWriter.class.getResourceAsStream("proof-bundle-README.txt")) {
      if (in == null) {
        throw new IOException("proof-bundle-README.txt missing from the build");
      }
      return in.readAllBytes();
    }
  }

  private static String pem(List<X509Certificate> chain) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate cert : chain) {
      try {
        sb.append(block("CERTIFICATE", cert.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IOException(e);
      }
    }
    return sb.toString();
  }

  private static String crlPem(List<X509CRL> crls) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (X509CRL crl : crls) {
      try {
        sb.append(block("X509 CRL", crl.getEncoded()));
      } catch (CRLException e) {
        throw new IOException(e);
      }
    }
    return sb.toString();
  }

  static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }
}
