package eu.mlagw.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;

/**
 * A statement "the log of {@code origin} had {@code size} events with this root at this time",
 * in the text form of a C2SP tlog-checkpoint body (https://c2sp.org/tlog-checkpoint; UTF-8, every
 * line ending in LF):
 *
 * <pre>
 * ORIGIN              {@link #originOf}(gateway id), e.g. gw-al.mlagw/audit (before format 2: the gateway id)
 * SIZE                decimal, no leading zeros
 * ROOT                the RFC 9162 root hash of events 0..SIZE-1, standard Base64 (44 characters)
 * time INSTANT        ISO-8601 UTC with milliseconds (an extension line)
 * </pre>
 *
 * The gateway signs this body as a C2SP signed note with its Ed25519 note key (blank line, then
 * {@code — ORIGIN base64(keyid||sig)}) and the whole note with CMS (see {@link CheckpointSigner}).
 * Checkpoints signed before the note key existed are the bare body under CMS ("legacy form").
 * {@link #parse} accepts only the canonical body, alone or as the text of a signed note, so one
 * checkpoint has one byte representation.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, Instant time) {
  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    if (origin.isBlank() || origin.contains("\n")) {
      throw new IllegalArgumentException("a checkpoint origin is one non-empty line, got '" + origin + "'");
    }
    if (size < 0) {
      throw new IllegalArgumentException("tree size must be >= 0, got " + size);
    }
    if (rootHash == null || rootHash.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("a root hash is 32 bytes");
    }
    rootHash = rootHash.clone();
    time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /**
   * The checkpoint origin (and note key name) of gateway {@code gatewayId}: a schema-less URL-like
   * name, unique because gateway ids are unique in the network.
   */
  public static String originOf(String gatewayId) {
    return gatewayId + ".mlagw/audit";
  }

  /**
   * Whether this checkpoint is of the log of {@code gatewayId}: origin {@link #originOf}(gatewayId),
   * or, for a checkpoint in legacy form only, the bare gateway id.
   */
  public boolean isOfGateway(String gatewayId, boolean legacyForm) {
    return origin.equals(legacyForm ? gatewayId : originOf(gatewayId));
  }

  /** The canonical body: the text of the signed note. */
  public byte[] body() {
    return (origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\ntime "
        + time + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a canonical body, or a signed note whose text is a canonical body (its signatures are not
   * checked here: {@link CheckpointVerifier} does).
   *
   * @throws IllegalArgumentException naming what deviates from the canonical form
   */
  public static Checkpoint parse(byte[] bodyOrNote) {
    byte[] body = eu.mlagw.crypto.SignedNote.looksSigned(bodyOrNote)
        ? eu.mlagw.crypto.SignedNote.parse(bodyOrNote).text() : bodyOrNote;
    String text = new String(body, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (lines.length != 5 || !lines[4].isEmpty()) {
      throw new IllegalArgumentException("a checkpoint has 4 lines each ending in LF (origin, size, root, time), got "
          + (lines.length - 1) + " complete lines");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line 2 of the checkpoint must be the tree size, got '" + lines[1] + "'");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("line 3 of the checkpoint must be the Base64 root hash, got '" + lines[2] + "'");
    }
    if (!lines[3].startsWith("time ")) {
      throw new IllegalArgumentException("line 4 of the checkpoint must be 'time INSTANT', got '" + lines[3] + "'");
    }
    Instant time;
    try {
      time = Instant.parse(lines[3].substring(5));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("line 4 of the checkpoint has no ISO-8601 time: '" + lines[3] + "'");
    }
    Checkpoint c = new Checkpoint(lines[0], size, root, time);
    if (!java.util.Arrays.equals(c.body(), body)) {
      throw new IllegalArgumentException("the checkpoint is not in canonical form (size " + lines[1] + ", root "
          + lines[2] + ", " + lines[3] + ")");
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c && origin.equals(c.origin) && size == c.size
        && java.util.Arrays.equals(rootHash, c.rootHash) && time.equals(c.time);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, java.util.Arrays.hashCode(rootHash), time);
  }

  @Override
  public String toString() {
    return "checkpoint of " + origin + " size " + size + " root " + MerkleHashes.hex(rootHash) + " at " + time;
  }
}
