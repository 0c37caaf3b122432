package eu.mlagw.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code request.yaml} of a submission, for now: {@code subject} (required) and
 * {@code caseReference} (optional). The metadata issue grows it into the full MLA request.
 * Errors say which field is wrong and what is expected, in words a clerk understands.
 */
public record RequestFile(String subject, String caseReference) {
  public static final String NAME = "request.yaml";
  private static final Set<String> FIELDS = Set.of("subject", "caseReference");

  public static RequestFile read(Path folder) throws GatewayException {
    Path file = folder.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the submission has no " + NAME + ". Add a file "
          + NAME + " next to the documents with at least a line 'subject: <what the request is about>'");
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, NAME + " cannot be read as YAML ("
          + e.getMessage().lines().findFirst().orElse("") + "). Write one field per line, e.g. 'subject: Request "
          + "for call records'", e);
    }
    if (root == null || !root.isObject()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, NAME + " is empty. Write at least 'subject: ...'");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, NAME + " has a field '" + field
            + "' that is not known. Allowed fields: " + String.join(", ", new java.util.TreeSet<>(FIELDS)));
      }
    }
    String subject = root.path("subject").asText("").strip();
    if (subject.isEmpty()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, NAME + " has no 'subject'. Write a line "
          + "'subject: <what the request is about>'");
    }
    return new RequestFile(subject, root.path("caseReference").asText("").strip());
  }
}
