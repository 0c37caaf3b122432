package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.config.ConfigLoader;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sample configuration: participants' languages and profiles, checked against mappings/. */
class MappingsCheckTest {
  @Test
  void theSampleConfigurationDeclaresProfilesAndLanguagesThatExist() throws Exception {
    GatewayConfig config = new ConfigLoader().load(Path.of("config"));
    ParticipantConfig court = config.participants().get("RS-HC-BELGRADE");
    assertEquals("court-json", court.profile());
    assertEquals("sr-Cyrl", court.languages().get(0));
    assertEquals("agency-xml", config.participants().get("EU-AGENCY").profile());
    ParticipantConfig durres = config.participants().get("AL-PO-DURRES");
    assertEquals(List.of("sq", "en"), durres.languages());
    assertEquals("canonical-xml", durres.profile());
    List<MappingsCheck.Line> lines = MappingsCheck.run(config);
    assertTrue(lines.stream().noneMatch(MappingsCheck.Line::isError), lines.toString());
    assertTrue(lines.get(0).toString().startsWith("OK      mappings/"), lines.toString());
  }

  @Test
  void anUnknownProfileOrLanguageIsAnError(@TempDir Path dir) throws Exception {
    Path cfg = Files.createDirectories(dir.resolve("config"));
    MetadataFixtures.copyOfConfig(cfg);
    Files.writeString(cfg.resolve("gateway.yaml"), Files.readString(Path.of("config/gateway.yaml")));
    Files.writeString(cfg.resolve("participants.yaml"), Files.readString(Path.of("config/participants.yaml"))
        .replace("profile: court-json", "profile: court-xml").replace("languages: [mk, en]", "languages: [mk, tr]"));
    Files.createSymbolicLink(dir.resolve("certs-sample"), Path.of("certs-sample").toAbsolutePath());
    GatewayConfig config = new ConfigLoader().load(cfg);
    String report = MappingsCheck.run(config).toString();
    assertTrue(report.contains("RS-HC-BELGRADE") && report.contains("profile 'court-xml' is not in mappings/profiles/"),
        report);
    assertTrue(report.contains("language 'tr' is not in mappings/languages.yaml"), report);
  }
}
