package eu.mlagw.routing;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a package file, lower-case hex: the digest audit events carry (cached beside the
 * package); {@link #compute} streams any file.
 */
final class PackageDigest {
  private PackageDigest() {}

  /** Computed once per package file and kept beside it ({@code FILE.sha256}); packages never change. */
  static String of(Path file) throws GatewayException {
    if (!Files.exists(file)) {
      return null;
    }
    Path cached = file.resolveSibling(file.getFileName() + ".sha256");
    try {
      if (Files.exists(cached)) {
        String hex = Files.readString(cached).strip();
        if (hex.length() == 64) {
          return hex;
        }
      }
      String hex = compute(file);
      StatusFiles.atomicWrite(cached, hex + "\n");
      return hex;
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** SHA-256 of any file, lower-case hex, streamed (not cached). */
  static String compute(Path file) throws GatewayException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
