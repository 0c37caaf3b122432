package eu.mlagw.evidence;

import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.pkg.PackageIds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues evidences signed with the gateway's seal and files them as
 * {@code DIR/evidences/NN-Type.p7s} (NN keeps them in issuing order). Thread-safe.
 */
public final class EvidenceIssuer {
  public static final String FOLDER = "evidences";
  private final String gatewayId;
  private final DetachedSigner seal;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public EvidenceIssuer(String gatewayId, DetachedSigner seal, Clock clock) {
    this.gatewayId = gatewayId;
    this.seal = seal;
    this.clock = clock;
  }

  /**
   * Signs and stores an evidence in {@code dir/evidences/}.
   *
   * @param packageFile the package the evidence is about, or null when none was made (rejections)
   */
  public Path issue(Path dir, EvidenceType type, String exchangeId, String sender, String recipient,
      Path packageFile, String reasonCode, String details) throws GatewayException {
    Evidence evidence = new Evidence(PackageIds.newId(clock.instant(), random), type, exchangeId, sender, recipient,
        gatewayId, clock.instant(), packageFile == null ? "-" : sha256(packageFile), Optional.ofNullable(reasonCode),
        details);
    return store(dir, type, seal.signEncapsulating(evidence.toXml(), evidence.time()));
  }

  /**
   * As {@link #issue}, for a package known by its SHA-256 ({@code packageSha256}, lower-case hex, or
   * null when none was made): the package itself may be gone (a received file, after a restart).
   */
  public Path issueForDigest(Path dir, EvidenceType type, String exchangeId, String sender, String recipient,
      String packageSha256, String reasonCode, String details) throws GatewayException {
    Evidence evidence = new Evidence(PackageIds.newId(clock.instant(), random), type, exchangeId, sender, recipient,
        gatewayId, clock.instant(), packageSha256 == null ? "-" : packageSha256, Optional.ofNullable(reasonCode),
        details);
    return store(dir, type, seal.signEncapsulating(evidence.toXml(), evidence.time()));
  }

  /** The evidence of {@code type} already filed in {@code dir/evidences/}, or null. */
  public Path find(Path dir, EvidenceType type) throws GatewayException {
    Path folder = dir.resolve(FOLDER);
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try (var s = Files.list(folder)) {
      return s.filter(p -> p.getFileName().toString().endsWith("-" + type.name() + ".p7s")).findFirst().orElse(null);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * rw-r-----: evidences name the parties, the cases and the reason of a refusal; the gateway and the
   * office's group (through which prosecutors reach their drop folder) read them, nobody else.
   */
  private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> FILE_MODE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");

  /** Files an evidence issued elsewhere (already verified by the caller) next to ours, in order. */
  public Path store(Path dir, EvidenceType type, byte[] signed) throws GatewayException {
    try {
      Path folder = Files.createDirectories(dir.resolve(FOLDER));
      long n;
      try (var s = Files.list(folder)) {
        n = s.filter(p -> p.getFileName().toString().endsWith(".p7s")).count() + 1;
      }
      Path target = folder.resolve(String.format("%02d-%s.p7s", n, type.name()));
      Path tmp = folder.resolve("." + target.getFileName() + ".tmp");
      Files.deleteIfExists(tmp); // a link planted under the temporary name is removed, never written through
      try (var out = Files.newByteChannel(tmp, java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(FILE_MODE))) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(signed);
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot store a " + type + " evidence under " + dir + ": "
          + e.getMessage(), e);
    }
  }

  static String sha256(Path file) throws GatewayException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot hash " + file + ": " + e.getMessage(), e);
    }
  }
}
