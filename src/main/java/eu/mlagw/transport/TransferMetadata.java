package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a {@link PackageTransfer} says about its package, without the package: the values a
 * {@link PackageReceiver} gets, already validated.
 *
 * <p>Guarantees: every text is non-blank, at most {@value #MAX_TEXT} characters and free of control
 * characters (so it can be logged and used in status files safely); {@code packageSha256} is 64
 * lower-case hex digits; {@code packageSize} is not negative.
 *
 * @param exchangeId the gateway's id of the exchange (the same on retries)
 * @param senderParticipant participant that sealed the package
 * @param recipientParticipant participant the package is for
 * @param senderGateway gateway id of the sending gateway
 * @param packageSha256 SHA-256 of the package bytes, lower-case hex
 * @param packageSize size of the package in bytes
 */
public record TransferMetadata(String exchangeId, String senderParticipant, String recipientParticipant,
    String senderGateway, String packageSha256, long packageSize) {
  /** Longest id accepted in any text field. */
  public static final int MAX_TEXT = 256;

  /** Validates the values; throws IllegalArgumentException naming the first bad one. */
  public TransferMetadata {
    requireText("exchangeId", exchangeId);
    requireText("senderParticipant", senderParticipant);
    requireText("recipientParticipant", recipientParticipant);
    requireText("senderGateway", senderGateway);
    if (packageSha256 == null || !packageSha256.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("packageSha256 must be 64 hex digits (SHA-256), got "
          + (packageSha256 == null ? "nothing" : packageSha256.length() + " characters"));
    }
    packageSha256 = packageSha256.toLowerCase(Locale.ROOT);
    if (packageSize < 0) {
      throw new IllegalArgumentException("packageSize must not be negative, got " + packageSize);
    }
  }

  /**
   * Describes {@code file} for sending: reads it once to compute its size and SHA-256 (about
   * 1.5 GB/s). Callers that already know the digest of a sealed package use the constructor.
   */
  public static TransferMetadata forFile(String exchangeId, String senderParticipant, String recipientParticipant,
      String senderGateway, Path file) throws GatewayException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      long size = 0;
      for (int n; (n = in.read(buffer)) > 0; size += n) {
        sha.update(buffer, 0, n);
      }
      return new TransferMetadata(exchangeId, senderParticipant, recipientParticipant, senderGateway,
          HexFormat.of().formatHex(sha.digest()), size);
    } catch (NoSuchFileException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the package file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.IO_ERROR, "cannot read the package file " + file + ": " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new GatewayException(ReasonCode.CRYPTO_FAILURE, "the JDK has no SHA-256", e);
    }
  }

  /** Reads and validates the metadata of a received transfer; bad values are MALFORMED. */
  static TransferMetadata fromWire(PackageTransfer transfer) throws GatewayException {
    try {
      return new TransferMetadata(transfer.getExchangeId(), transfer.getSenderParticipant(),
          transfer.getRecipientParticipant(), transfer.getSenderGateway(), transfer.getPackageSha256(),
          transfer.getPackageSize());
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ReasonCode.MALFORMED, "the transfer's metadata is invalid: " + e.getMessage()
          + "; the sending gateway must be fixed", e);
    }
  }

  /** The request that carries these values and {@code content} as its attachment. */
  PackageTransfer toWire(DataHandler content) {
    PackageTransfer t = new PackageTransfer();
    t.setExchangeId(exchangeId);
    t.setSenderParticipant(senderParticipant);
    t.setRecipientParticipant(recipientParticipant);
    t.setSenderGateway(senderGateway);
    t.setPackageSha256(packageSha256);
    t.setPackageSize(packageSize);
    t.setContent(content);
    return t;
  }

  private static void requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is missing");
    }
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_TEXT + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(name + " contains control characters");
    }
  }
}
