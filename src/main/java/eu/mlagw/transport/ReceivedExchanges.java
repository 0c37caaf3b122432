package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The folder where an endpoint simulator stores what it received: {@code <folder>/<exchange-id>/}
 * with the metadata and documents, and {@code .reference} holding the reference it answered.
 *
 * <p>What is guaranteed: an exchange folder appears complete or not at all (files are streamed
 * into a staging folder {@code <folder>/.staging-*}, each under a temporary name renamed once its
 * size and SHA-256 are checked, and the staging folder is renamed into place atomically); an
 * exchange is stored once: a repeat finds the first one's reference and writes nothing. Pushes of
 * one exchange id are serialized; different ids proceed in parallel.
 */
final class ReceivedExchanges {
  static final String REFERENCE_FILE = ".reference";
  private final Path folder;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  ReceivedExchanges(Path folder) {
    this.folder = folder;
  }

  /** The folder of {@code exchangeId} (which may not exist). */
  Path folderOf(String exchangeId) {
    PushedExchange.requireId(exchangeId);
    return folder.resolve(exchangeId);
  }

  /** The lock that serializes work on one exchange id. */
  Object lock(String exchangeId) {
    return locks.computeIfAbsent(exchangeId, id -> new Object());
  }

  /** The reference answered for {@code exchangeId}, if it was stored. */
  Optional<String> reference(String exchangeId) throws IOException {
    Path file = folderOf(exchangeId).resolve(REFERENCE_FILE);
    return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()) : Optional.empty();
  }

  /** A staging folder for {@code exchangeId}; close it to discard what was not committed. */
  Staging stage(String exchangeId) throws IOException {
    Path target = folderOf(exchangeId);
    Files.createDirectories(folder);
    return new Staging(target, Files.createDirectory(folder.resolve(".staging-" + exchangeId + "-" + UUID.randomUUID())));
  }

  /** One exchange being received. */
  static final class Staging implements AutoCloseable {
    private final Path target;
    private final Path dir;
    private boolean committed;

    private Staging(Path target, Path dir) {
      this.target = target;
      this.dir = dir;
    }

    /**
     * Streams {@code in} to {@code name}, checking size and SHA-256 if given ({@code expectedSize}
     * −1 and {@code expectedSha256} null: not checked). Returns the SHA-256 in hex.
     *
     * @throws GatewayException DIGEST_MISMATCH or MALFORMED (size), naming the file; INPUT_INVALID
     *     for an unusable name or a name used twice
     */
    String write(String name, InputStream in, long expectedSize, String expectedSha256)
        throws GatewayException, IOException {
      try {
        PushedDocument.requireSafeName(name);
      } catch (IllegalArgumentException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, e.getMessage(), e);
      }
      Path file = dir.resolve(name);
      if (Files.exists(file) || name.equals(REFERENCE_FILE)) {
        throw new GatewayException(ReasonCode.DUPLICATE_ENTRY, "the name " + name + " is used twice");
      }
      Path temp = dir.resolve("." + UUID.randomUUID() + ".part");
      MessageDigest sha = sha256();
      long size = 0;
      byte[] buffer = new byte[1 << 16];
      try (OutputStream out = Files.newOutputStream(temp)) {
        for (int n; (n = in.read(buffer)) > 0; size += n) {
          sha.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      String actual = HexFormat.of().formatHex(sha.digest());
      if (expectedSize >= 0 && size != expectedSize) {
        throw new GatewayException(ReasonCode.MALFORMED, name + " has " + size + " bytes but " + expectedSize
            + " were declared");
      }
      if (expectedSha256 != null && !actual.equalsIgnoreCase(expectedSha256.strip())) {
        throw new GatewayException(ReasonCode.DIGEST_MISMATCH, "the SHA-256 of " + name + " is " + actual
            + " but " + expectedSha256 + " was declared");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return actual;
    }

    /** Records {@code reference} and moves the exchange into place in one atomic rename. */
    void commit(String reference) throws IOException {
      Files.writeString(dir.resolve(REFERENCE_FILE), reference + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot rename " + dir + " to " + target + " atomically: keep the folder on one file system", e);
      }
      committed = true;
    }

    /** Deletes the staging folder unless committed. */
    @Override
    public void close() throws IOException {
      if (committed || !Files.exists(dir)) {
        return;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
