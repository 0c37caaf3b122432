package eu.mlagw.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every OpenAPI file we ship parses with swagger-parser without a single message (an unquoted
 * description with ", " in a flow mapping silently becomes a stray key; a security scheme type the
 * declared OpenAPI version lacks is reported), and every operation requires a security scheme.
 */
class OpenApiFilesValidTest {
  static final Path DIR = Path.of("src/main/resources/openapi");

  static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      List<Path> out = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertFalse(out.isEmpty(), "no OpenAPI file found in " + DIR);
      return out;
    }
  }

  static SwaggerParseResult parse(String yaml) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    return new OpenAPIV3Parser().readContents(yaml, null, options);
  }

  @Test
  void everyOpenApiFileParsesWithoutAMessage() throws IOException {
    for (Path file : files()) {
      SwaggerParseResult result = parse(Files.readString(file));
      assertNotNull(result.getOpenAPI(), file + ": " + result.getMessages());
      assertEquals(List.of(), result.getMessages(), file.toString());
      assertEquals("3.1.0", result.getOpenAPI().getOpenapi(), file + ": mutualTLS needs OpenAPI 3.1");
    }
  }

  @Test
  void everyOperationRequiresASecurityScheme() throws IOException {
    for (Path file : files()) {
      OpenAPI api = parse(Files.readString(file)).getOpenAPI();
      List<String> open = new ArrayList<>();
      for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
        for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
          var security = op.getValue().getSecurity() != null ? op.getValue().getSecurity() : api.getSecurity();
          boolean declared = security != null && !security.isEmpty() && security.stream().allMatch(req -> !req.isEmpty()
              && req.keySet().stream().allMatch(api.getComponents().getSecuritySchemes()::containsKey));
          if (!declared) {
            open.add(op.getKey() + " " + path.getKey());
          }
        }
      }
      assertEquals(List.of(), open, file + ": operations without a declared security scheme");
    }
  }

  /** The checks above can fail: the two defects redocly found make messages. */
  @Test
  void strayKeysAndAMutualTlsSchemeIn303AreReported() {
    String yaml = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths: {}
        components:
          securitySchemes:
            client: {type: mutualTLS}
          schemas:
            Checkpoint:
              type: object
              properties:
                rootHash: {type: string, description: RFC 9162 root hash, hex}
        """;
    List<String> messages = parse(yaml).getMessages();
    assertEquals(2, messages.size(), messages.toString());
  }
}
