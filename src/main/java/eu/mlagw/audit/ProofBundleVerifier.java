package eu.mlagw.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.mlagw.crypto.NoteVerifierKey;
import eu.mlagw.crypto.TrustPolicy;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks a proof bundle offline, from the file alone: the checkpoint's CMS signature, its signer's
 * chain (to the root the auditor pins, or else to the self-signed root inside the bundle, whose
 * fingerprint the report shows for comparison) with the bundled CRLs at the checkpoint's time, that
 * checkpoint.txt is exactly what is signed, the checkpoint's note signature (format 2) with the
 * note key the auditor pins or else the bundle's, the consistency proof from the checkpoint the auditor
 * holds (format 2, when present; against the auditor's own copy when given), and for every event: canonical encoding, its exchange
 * and gateway, its sequence number, and its RFC 9162 inclusion proof against the signed root.
 * Bounded input, checked while inflating and before parsing: the file and all entries together at
 * most {@value #MAX_TOTAL_BYTES} bytes, at most {@value #MAX_ENTRIES} entries, each entry bounded by
 * its kind (an event 1 MiB, a proof 64 KiB, the CRLs 16 MiB, …), and no entry the format does not
 * have. Thread-safe.
 */
public final class ProofBundleVerifier {
  public static final int MAX_ENTRIES = 100_000;
  /** Most bytes of the bundle file, and of all its entries inflated together (32 MiB). */
  public static final int MAX_TOTAL_BYTES = 32 << 20;
  private static final int MAX_EVENT_BYTES = 1 << 20;
  private static final int MAX_PROOF_BYTES = 64 << 10;
  private static final Pattern NUMBERED = Pattern.compile("(events|proofs)/(\\d{12})\\.json");

  /**
   * @param pinnedRoot the root CA certificate the auditor trusts; empty to accept the bundle's own
   *     root (then only its fingerprint ties the bundle to the gateway)
   * @throws GatewayException INPUT_INVALID if the file cannot be read as a ZIP
   */
  public BundleVerification verify(Path bundle, Optional<X509Certificate> pinnedRoot) throws GatewayException {
    return verify(bundle, pinnedRoot, Optional.empty(), Optional.empty());
  }

  /**
   * @param pinnedNoteKey the gateway's note verifier key as the auditor obtained it; empty to use the
   *     bundle's note-key.vkey (then only comparing it with the published one ties the note to the gateway)
   * @param heldCheckpoint a checkpoint the auditor holds (its body or signed note): the bundle's
   *     consistency proof must start from exactly its size and root; empty to check the proof only
   *     against the size and root the bundle states
   */
  public BundleVerification verify(Path bundle, Optional<X509Certificate> pinnedRoot,
      Optional<NoteVerifierKey> pinnedNoteKey, Optional<Checkpoint> heldCheckpoint) throws GatewayException {
    Map<String, byte[]> files = read(bundle);
    Bundle b = new Bundle(files, pinnedRoot, pinnedNoteKey, heldCheckpoint);
    return b.check();
  }

  private static Map<String, byte[]> read(Path bundle) throws GatewayException {
    try {
      if (Files.size(bundle) > MAX_TOTAL_BYTES) {
        throw tooLarge(bundle, "the file has " + Files.size(bundle) + " bytes; allowed: at most " + MAX_TOTAL_BYTES);
      }
    } catch (IOException e) {
      throw invalid(bundle, e.getMessage());
    }
    Map<String, byte[]> files = new HashMap<>();
    long total = 0;
    try (InputStream in = Files.newInputStream(bundle); ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (files.size() >= MAX_ENTRIES) {
          throw invalid(bundle, "it has more than " + MAX_ENTRIES + " entries");
        }
        int max = maxBytes(bundle, e.getName());
        // inflated only up to the entry's own limit, whatever its header claims: a small zip of
        // 16 × 15 MiB entries exhausted the heap when every entry was read up to 16 MiB
        byte[] data = zip.readNBytes(max + 1);
        if (data.length > max) {
          throw tooLarge(bundle, e.getName() + " is larger than " + max + " bytes; allowed for this kind of entry: at most " + max);
        }
        total += data.length;
        if (total > MAX_TOTAL_BYTES) {
          throw tooLarge(bundle, "its entries inflate to more than " + MAX_TOTAL_BYTES
              + " bytes together; allowed: at most " + MAX_TOTAL_BYTES);
        }
        if (files.put(e.getName(), data) != null) {
          throw invalid(bundle, e.getName() + " appears twice");
        }
      }
    } catch (IOException e) {
      throw invalid(bundle, e.getMessage());
    } catch (IllegalArgumentException e) {
      // ZipInputStream.getNextEntry throws this (not an IOException) for an entry name that is not
      // valid UTF-8; found by ProofBundleVerifierFuzzTest
      throw invalid(bundle, "an entry name is not valid UTF-8");
    }
    if (files.isEmpty()) {
      throw invalid(bundle, "it is empty or not a ZIP file");
    }
    return files;
  }

  /** The most bytes an entry of this name may have (a bundle holds only the entries {@link ProofBundle} lists). */
  private static int maxBytes(Path bundle, String name) throws GatewayException {
    return switch (name) {
      case ProofBundle.README, ProofBundle.CHECKPOINT_TEXT, ProofBundle.CONSISTENCY -> 64 << 10;
      case ProofBundle.NOTE_KEY -> 4 << 10;
      case ProofBundle.MANIFEST -> 4 << 20; // up to MAX_ENTRIES sequence numbers
      case ProofBundle.CHECKPOINT_SIGNATURE, ProofBundle.CHAIN -> 1 << 20;
      case ProofBundle.CRLS -> 16 << 20; // a large CA's CRL
      default -> {
        if (NUMBERED.matcher(name).matches()) {
          yield name.startsWith("events/") ? MAX_EVENT_BYTES : MAX_PROOF_BYTES;
        }
        throw new GatewayException(ReasonCode.MALFORMED, bundle + " is not a proof bundle: it holds an entry '"
            + printable(name) + "', which format " + ProofBundle.FORMAT + " does not have; ask for the bundle again "
            + "(mlagw audit proof EXCHANGE-ID --out FILE)");
      }
    };
  }

  private static String printable(String name) {
    String cut = name.length() > 120 ? name.substring(0, 120) + "…" : name;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  private static GatewayException tooLarge(Path bundle, String why) {
    return new GatewayException(ReasonCode.TOO_LARGE, bundle + " is refused as a proof bundle: " + why
        + "; a genuine bundle of one exchange is a few kilobytes — ask for the bundle again (mlagw audit proof"
        + " EXCHANGE-ID --out FILE)");
  }

  private static GatewayException invalid(Path bundle, String why) {
    return new GatewayException(ReasonCode.INPUT_INVALID, bundle + " is not a readable proof bundle: " + why
        + "; ask for the bundle again (mlagw audit proof EXCHANGE-ID --out FILE)");
  }

  /** One verification run over the files of a bundle. */
  private static final class Bundle {
    private final Map<String, byte[]> files;
    private final Optional<X509Certificate> pinned;
    private final Optional<NoteVerifierKey> pinnedNoteKey;
    private final Optional<Checkpoint> held;
    private String exchange;
    private Checkpoint checkpoint;
    private boolean legacy;
    private NoteVerifierKey noteKey;
    private BundleVerification.TreeHead consistentWith;
    private X509Certificate signer;
    private X509Certificate root;
    private final List<AuditEvent> events = new ArrayList<>();
    private long lowest = -1;

    Bundle(Map<String, byte[]> files, Optional<X509Certificate> pinned, Optional<NoteVerifierKey> pinnedNoteKey,
        Optional<Checkpoint> held) {
      this.files = files;
      this.pinned = pinned;
      this.pinnedNoteKey = pinnedNoteKey;
      this.held = held;
    }

    BundleVerification check() {
      VerificationResult r;
      try {
        r = checkAll();
      } catch (Failure f) {
        r = VerificationResult.failed(events.size(), checkpoint == null ? 0 : 1, 0, f.sequence, f.sequence,
            f.failure, f.getMessage());
      }
      return new BundleVerification(r, exchange, checkpoint, r.ok() ? events : List.of(), signer, root,
          root == null ? null : fingerprint(root), pinned.isPresent(), r.ok() ? noteKey : null,
          r.ok() ? consistentWith : null);
    }

    private VerificationResult checkAll() throws Failure {
      JsonNode manifest = json(ProofBundle.MANIFEST, -1);
      String format = manifest.path("format").asText();
      boolean format1 = ProofBundle.FORMAT_1.equals(format);
      if (!format1 && !ProofBundle.FORMAT.equals(format)) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, -1, "manifest.json is not of format " + ProofBundle.FORMAT
            + " or " + ProofBundle.FORMAT_1);
      }
      if (format1 && (files.containsKey(ProofBundle.NOTE_KEY) || files.containsKey(ProofBundle.CONSISTENCY))) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, -1, "a bundle of format " + ProofBundle.FORMAT_1
            + " has no " + ProofBundle.NOTE_KEY + " or " + ProofBundle.CONSISTENCY + "; the bundle was altered");
      }
      exchange = manifest.path("exchange").asText(null);
      List<Long> listed = new ArrayList<>();
      manifest.path("events").forEach(n -> listed.add(n.asLong(-1)));
      lowest = listed.stream().mapToLong(Long::longValue).min().orElse(-1);
      if (exchange == null || listed.isEmpty() || listed.contains(-1L)) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, -1, "manifest.json names no exchange or no events");
      }
      for (String name : files.keySet()) {
        var m = NUMBERED.matcher(name);
        if (m.matches() && !listed.contains(Long.parseLong(m.group(2)))) {
          throw new Failure(AuditFailure.BUNDLE_MALFORMED, Long.parseLong(m.group(2)), name
              + " is not listed in manifest.json; the bundle was altered");
        }
      }
      verifyCheckpoint();
      verifyConsistency();
      InclusionProofVerifier inclusion = new InclusionProofVerifier();
      MerkleHashes hashes = new MerkleHashes();
      for (long seq : listed.stream().sorted().toList()) {
        byte[] bytes = file(ProofBundle.eventFile(seq), seq);
        AuditEvent event;
        try {
          event = AuditEventCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
          throw new Failure(AuditFailure.PROOF_INVALID, seq, ProofBundle.eventFile(seq) + " was altered: " + e.getMessage());
        }
        JsonNode proof = json(ProofBundle.proofFile(seq), seq);
        long index = proof.path("leafIndex").asLong(-1);
        if (index != seq || event.sequence() != seq) {
          throw new Failure(AuditFailure.PROOF_INVALID, seq, ProofBundle.eventFile(seq) + " holds event "
              + event.sequence() + " with a proof for leaf " + index + "; events were swapped");
        }
        if (proof.path("treeSize").asLong(-1) != checkpoint.size()) {
          throw new Failure(AuditFailure.PROOF_INVALID, seq, ProofBundle.proofFile(seq) + " is for a tree of size "
              + proof.path("treeSize").asText() + ", the checkpoint's has " + checkpoint.size());
        }
        if (!exchange.equals(event.record().exchangeId()) || !checkpoint.isOfGateway(event.gateway(), legacy)) {
          throw new Failure(AuditFailure.EVENT_NOT_OF_EXCHANGE, seq, "event " + seq + " belongs to exchange '"
              + event.record().exchangeId() + "' of gateway '" + event.gateway() + "', not to exchange '" + exchange
              + "' of '" + checkpoint.origin() + "'; it was added to the bundle");
        }
        List<byte[]> path = new ArrayList<>();
        try {
          for (JsonNode h : proof.path("auditPath")) {
            path.add(MerkleHashes.fromHex(h.asText()));
          }
          inclusion.verify(seq, checkpoint.size(), hashes.leaf(bytes), path, checkpoint.rootHash());
        } catch (IllegalArgumentException | ProofVerificationException e) {
          throw new Failure(AuditFailure.PROOF_INVALID, seq, "event " + seq + " is not proven included: " + e.getMessage());
        }
        events.add(event);
      }
      return VerificationResult.passed(events.size(), 1, checkpoint.size(), events.size() + " events of exchange "
          + exchange + " are included in the log of " + checkpoint.origin() + " of " + checkpoint.size()
          + " events signed at " + checkpoint.time());
    }

    private void verifyCheckpoint() throws Failure {
      byte[] text = file(ProofBundle.CHECKPOINT_TEXT, lowest);
      Checkpoint claimed;
      try {
        claimed = Checkpoint.parse(text);
      } catch (IllegalArgumentException e) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, lowest, "checkpoint.txt: " + e.getMessage());
      }
      List<X509Certificate> chain;
      List<X509CRL> crls;
      try {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        chain = cf.generateCertificates(new ByteArrayInputStream(file(ProofBundle.CHAIN, lowest))).stream()
            .map(c -> (X509Certificate) c).toList();
        crls = cf.generateCRLs(new ByteArrayInputStream(file(ProofBundle.CRLS, lowest))).stream()
            .map(c -> (X509CRL) c).toList();
      } catch (java.security.cert.CertificateException | java.security.cert.CRLException e) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, lowest, "chain.pem or crls.pem cannot be read: " + e.getMessage());
      }
      if (chain.isEmpty()) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, lowest, "chain.pem holds no certificate");
      }
      X509Certificate top = chain.get(chain.size() - 1);
      if (pinned.isEmpty() && !top.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
        throw new Failure(AuditFailure.CHECKPOINT_INVALID, lowest, "chain.pem does not end in a root CA certificate "
            + "(self-signed); without a root the signature cannot be tied to anyone");
      }
      root = pinned.orElse(top);
      signer = chain.get(0);
      TrustPolicy trust = new TrustPolicy(List.of(root), chain.subList(1, chain.size()), crls);
      NoteVerifierKey key = noteKey();
      try {
        // Validated as of the checkpoint's time with the CRLs the gateway bundled (they must cover it).
        VerifiedCheckpoint v = new CheckpointVerifier(trust, List.of(signer), key).verify(
            file(ProofBundle.CHECKPOINT_SIGNATURE, lowest), claimed.time());
        checkpoint = v.checkpoint();
        legacy = v.legacy();
        noteKey = v.noteKey();
        if (!MessageDigest.isEqual(v.note(), text)) {
          throw new Failure(AuditFailure.BUNDLE_MALFORMED, lowest, "checkpoint.txt differs from what checkpoint.p7s "
              + "signs; the signed checkpoint is: " + checkpoint);
        }
        root = v.signature().chain().get(v.signature().chain().size() - 1);
      } catch (GatewayException e) {
        throw new Failure(AuditFailure.CHECKPOINT_INVALID, lowest, "checkpoint.p7s does not verify (" + e.reason() + ": "
            + e.getMessage() + ")" + (pinned.isPresent() ? "" : "; the bundle's own root was used"));
      }
    }

    /** The auditor's note key, else the bundle's; a bundle key differing from the pinned one fails. */
    private NoteVerifierKey noteKey() throws Failure {
      byte[] bundled = files.get(ProofBundle.NOTE_KEY);
      NoteVerifierKey inBundle = null;
      if (bundled != null) {
        try {
          inBundle = NoteVerifierKey.parse(new String(bundled, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new Failure(AuditFailure.BUNDLE_MALFORMED, lowest, ProofBundle.NOTE_KEY + ": " + e.getMessage());
        }
      }
      if (pinnedNoteKey.isPresent()) {
        if (inBundle != null && !inBundle.equals(pinnedNoteKey.get())) {
          throw new Failure(AuditFailure.CHECKPOINT_INVALID, lowest, ProofBundle.NOTE_KEY + " is " + inBundle
              + ", not the note key you gave (" + pinnedNoteKey.get() + "); the bundle is of another gateway or forged");
        }
        return pinnedNoteKey.get();
      }
      return inBundle;
    }

    /** The consistency proof from the auditor's held checkpoint (format 2, optional) to the bundle's checkpoint. */
    private void verifyConsistency() throws Failure {
      if (!files.containsKey(ProofBundle.CONSISTENCY)) {
        if (held.isPresent()) {
          throw new Failure(AuditFailure.PROOF_INVALID, lowest, "you gave a checkpoint you hold, but the bundle carries "
              + "no consistency proof (" + ProofBundle.CONSISTENCY + "); ask for the bundle with --since-checkpoint");
        }
        return;
      }
      JsonNode c = json(ProofBundle.CONSISTENCY, lowest);
      long from = c.path("fromSize").asLong(-1);
      long to = c.path("toSize").asLong(-1);
      byte[] fromRoot;
      byte[] toRoot;
      List<byte[]> proof = new ArrayList<>();
      try {
        fromRoot = MerkleHashes.fromHex(c.path("fromRootHash").asText());
        toRoot = MerkleHashes.fromHex(c.path("toRootHash").asText());
        if (c.path("proof").size() > 64) {
          throw new IllegalArgumentException("a consistency proof has at most 64 hashes");
        }
        for (JsonNode h : c.path("proof")) {
          proof.add(MerkleHashes.fromHex(h.asText()));
        }
      } catch (IllegalArgumentException e) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, lowest, ProofBundle.CONSISTENCY + ": " + e.getMessage());
      }
      if (to != checkpoint.size() || !MessageDigest.isEqual(toRoot, checkpoint.rootHash())) {
        throw new Failure(AuditFailure.PROOF_INVALID, lowest, ProofBundle.CONSISTENCY + " leads to size " + to
            + ", not to the signed checkpoint (size " + checkpoint.size() + ", root "
            + MerkleHashes.hex(checkpoint.rootHash()) + ")");
      }
      if (held.isPresent() && (held.get().size() != from || !MessageDigest.isEqual(held.get().rootHash(), fromRoot))) {
        throw new Failure(AuditFailure.PROOF_INVALID, lowest, ProofBundle.CONSISTENCY + " starts from size " + from
            + " root " + MerkleHashes.hex(fromRoot) + ", not from the checkpoint you hold (size " + held.get().size()
            + " root " + MerkleHashes.hex(held.get().rootHash()) + ")");
      }
      try {
        new ConsistencyProofVerifier().verify(from, to, fromRoot, toRoot, proof);
      } catch (ProofVerificationException e) {
        throw new Failure(AuditFailure.PROOF_INVALID, lowest, "the log of the signed checkpoint does not extend the "
            + "checkpoint of size " + from + ": " + e.getMessage() + "; the log was rolled back or forked");
      }
      consistentWith = new BundleVerification.TreeHead(from, fromRoot);
    }

    private byte[] file(String name, long seq) throws Failure {
      byte[] data = files.get(name);
      if (data == null) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, seq, name + " is missing from the bundle");
      }
      return data;
    }

    private JsonNode json(String name, long seq) throws Failure {
      try {
        return new ObjectMapper().readTree(file(name, seq));
      } catch (IOException e) {
        throw new Failure(AuditFailure.BUNDLE_MALFORMED, seq, name + " is not JSON: " + e.getMessage());
      }
    }
  }

  /** SHA-256 of the certificate, as "AB:CD:..." (the form openssl x509 -fingerprint -sha256 prints). */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (Exception e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  private static final class Failure extends Exception {
    private final AuditFailure failure;
    private final long sequence;

    Failure(AuditFailure failure, long sequence, String message) {
      super(message);
      this.failure = failure;
      this.sequence = sequence;
    }
  }
}
