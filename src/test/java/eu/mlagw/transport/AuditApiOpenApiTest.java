package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped OpenAPI file and the served resource agree: every path and method in the file is
 * served and every served one is in the file, with the same query parameters. (AuditApiServerTest
 * calls each of them over TLS.)
 */
class AuditApiOpenApiTest {
  static JsonNode api() throws Exception {
    try (InputStream in = AuditApiOpenApiTest.class.getResourceAsStream("/openapi/mlagw-audit-api-1.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  /** "GET /audit/v1/events" → its query parameters, from the resource class's annotations. */
  static Map<String, TreeSet<String>> served() {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    for (Method m : AuditApiResource.class.getDeclaredMethods()) {
      String verb = null;
      for (Annotation a : m.getAnnotations()) {
        HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
        if (h != null) {
          verb = h.value();
        }
      }
      if (verb == null) {
        continue;
      }
      TreeSet<String> query = new TreeSet<>();
      for (Parameter p : m.getParameters()) {
        if (p.getAnnotation(QueryParam.class) != null) {
          query.add(p.getAnnotation(QueryParam.class).value());
        }
      }
      out.put(verb + " " + AuditApiResource.BASE + "/" + m.getAnnotation(Path.class).value(), query);
    }
    return out;
  }

  static Map<String, TreeSet<String>> described(JsonNode api) {
    Map<String, TreeSet<String>> out = new TreeMap<>();
    JsonNode parameters = api.path("components").path("parameters");
    api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      TreeSet<String> query = new TreeSet<>();
      for (JsonNode p : op.getValue().path("parameters")) {
        JsonNode param = p.has("$ref") ? parameters.path(p.path("$ref").asText().replace("#/components/parameters/", "")) : p;
        if ("query".equals(param.path("in").asText())) {
          query.add(param.path("name").asText());
        }
      }
      out.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), query);
    }));
    return out;
  }

  @Test
  void everyDescribedOperationIsServedAndViceVersa() throws Exception {
    Map<String, TreeSet<String>> served = served();
    Map<String, TreeSet<String>> described = described(api());
    assertEquals(6, served.size(), served.toString());
    assertEquals(served.keySet(), described.keySet());
    assertEquals(served, described, "query parameters differ");
  }

  @Test
  void purposeIsRequiredEverywhereAndErrorsHaveReasonCodeAndMessage() throws Exception {
    JsonNode api = api();
    assertTrue(api.path("components").path("parameters").path("purpose").path("required").asBoolean());
    List<String> missing = new ArrayList<>();
    api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      boolean hasPurpose = false;
      for (JsonNode p : op.getValue().path("parameters")) {
        hasPurpose |= "#/components/parameters/purpose".equals(p.path("$ref").asText());
      }
      if (!hasPurpose || !op.getValue().path("responses").has("403")) {
        missing.add(path.getKey());
      }
    }));
    assertEquals(List.of(), missing, "operations without purpose or 403");
    assertEquals("[\"reasonCode\",\"message\"]", api.path("components").path("schemas").path("Error").path("required")
        .toString());
    assertTrue(api.path("info").path("description").asText().contains(eu.mlagw.crypto.CertificateRole.AUDITOR_KEY_PURPOSE));
  }
}
