package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streams a received attachment to a temporary file while counting and hashing it, then checks the
 * result against the declared size and SHA-256.
 *
 * <p>Guarantees: memory use is one 64 KiB buffer whatever the package size; reading stops as soon
 * as more bytes arrive than declared (so a lying peer cannot fill the disk); on any failure the
 * temporary file is already deleted; a returned file is owner-readable only (createTempFile) and
 * matches the declaration exactly.
 */
final class PackageSink {
  private final Path directory;

  PackageSink(Path directory) {
    this.directory = directory;
  }

  /** Receives the attachment; must be called on the request thread (the attachment is the live request body). */
  Path receive(DataHandler content, TransferMetadata declared) throws GatewayException {
    if (content == null) {
      throw new GatewayException(ReasonCode.MALFORMED, "the transfer " + declared.exchangeId()
          + " carries no package attachment; the sending gateway must send the package as an MTOM attachment");
    }
    Path file = createTempFile();
    boolean ok = false;
    try {
      byte[] digest = copy(content, file, declared);
      String actual = HexFormat.of().formatHex(digest);
      if (!actual.equals(declared.packageSha256())) {
        throw new GatewayException(ReasonCode.ENVELOPE_TAMPERED, "the package of transfer " + declared.exchangeId()
            + " has SHA-256 " + actual + " but the transfer declares " + declared.packageSha256()
            + ": it was altered or corrupted on the way; the sending gateway should send it again");
      }
      ok = true;
      return file;
    } finally {
      if (!ok) {
        delete(file);
      }
    }
  }

  /** Deletes a received file; failures are ignored (it is a temp file, and the OS cleans the temp dir). */
  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // nothing sensible to do; the file holds an encrypted package only
    }
  }

  private Path createTempFile() throws GatewayException {
    try {
      Files.createDirectories(directory);
      return Files.createTempFile(directory, "mlagw-peer-", ".part");
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot create a temporary file in " + directory
          + " for a received package: " + e.getMessage() + "; check that the folder is writable and has space", e);
    }
  }

  private static byte[] copy(DataHandler content, Path file, TransferMetadata declared) throws GatewayException {
    MessageDigest sha = sha256();
    long received = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = content.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        received += n;
        if (received > declared.packageSize()) {
          throw sizeMismatch(declared, "more than " + declared.packageSize());
        }
        sha.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "receiving the package of transfer " + declared.exchangeId()
          + " failed after " + received + " bytes: " + e.getMessage()
          + "; the connection broke or the disk is full; the sending gateway will retry", e);
    }
    if (received != declared.packageSize()) {
      throw sizeMismatch(declared, String.valueOf(received));
    }
    return sha.digest();
  }

  private static GatewayException sizeMismatch(TransferMetadata declared, String received) {
    return new GatewayException(ReasonCode.MALFORMED, "the package of transfer " + declared.exchangeId() + " has "
        + received + " bytes but the transfer declares " + declared.packageSize()
        + "; the sending gateway must declare the size of the file it sends");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
