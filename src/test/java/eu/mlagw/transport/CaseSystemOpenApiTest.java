package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped OpenAPI file names exactly the headers and parts the client sends. */
class CaseSystemOpenApiTest {
  @Test
  void theOpenApiFileDescribesWhatTheClientSends() throws Exception {
    JsonNode api;
    try (InputStream in = CaseSystemOpenApiTest.class.getResourceAsStream("/openapi/mlagw-case-system-push-1.yaml")) {
      api = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    JsonNode post = api.path("paths").path("/exchanges").path("post");
    List<String> headers = new ArrayList<>();
    post.path("parameters").forEach(p -> headers.add(p.path("name").asText()));
    assertEquals(List.of(CaseSystemProtocol.IDEMPOTENCY_KEY, CaseSystemProtocol.EXCHANGE, CaseSystemProtocol.SENDER,
        CaseSystemProtocol.RECIPIENT), headers);
    JsonNode multipart = post.path("requestBody").path("content").path("multipart/form-data");
    assertTrue(multipart.path("schema").path("properties").has(CaseSystemProtocol.METADATA_PART));
    assertTrue(multipart.path("schema").path("properties").has(CaseSystemProtocol.DOCUMENT_PART));
    JsonNode partHeaders = multipart.path("encoding").path(CaseSystemProtocol.DOCUMENT_PART).path("headers");
    assertTrue(post.path("responses").has("201"));
    assertTrue(partHeaders.has(CaseSystemProtocol.PART_SHA256) && partHeaders.has(CaseSystemProtocol.PART_SIZE),
        partHeaders.toString());
  }
}
