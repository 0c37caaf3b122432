package eu.mlagw.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An exchange folder's {@code status.json} as the drop-folder contract describes it: {@code state},
 * {@code submission} (the submission's own name), {@code exchangeId}, and while retrying {@code
 * sending: {attempt, lastError, reasonCode, nextAttempt, givesUpAt}}.
 */
public record StatusJson(JsonNode json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The status of the exchange folder {@code dir}; empty if it has none (yet) or it is being replaced. */
  public static Optional<StatusJson> of(Path dir) throws IOException {
    try {
      return Optional.of(new StatusJson(JSON.readTree(Files.readAllBytes(dir.resolve("status.json")))));
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    }
  }

  public String state() {
    return json.path("state").asText("");
  }

  public String submission() {
    return json.path("submission").asText("");
  }

  public String exchangeId() {
    return json.path("exchangeId").asText("");
  }

  /** {@code sending.attempt}, or 0 when absent. */
  public int attempt() {
    return json.path("sending").path("attempt").asInt(0);
  }

  /** {@code sending.reasonCode}, or "" when absent. */
  public String sendingReasonCode() {
    return json.path("sending").path("reasonCode").asText("");
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
