package eu.mlagw.metadata;

import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.metadata.CanonicalRequest.DocumentRef;
import eu.mlagw.metadata.CanonicalRequest.LangText;
import eu.mlagw.metadata.CanonicalRequest.Person;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The shipped config/mappings, sample participants and a full request, shared by the metadata tests. */
public final class MetadataFixtures {
  private static Mappings shipped;

  private MetadataFixtures() {}

  /** config/mappings of the project (tests run in the project folder). */
  public static synchronized Mappings mappings() throws GatewayException {
    if (shipped == null) {
      shipped = Mappings.load(Path.of("config"));
    }
    return shipped;
  }

  /** A copy of config/mappings under {@code dir}/mappings, to be broken by a test. */
  public static Path copyOfConfig(Path dir) throws IOException {
    Path src = Path.of("config", Mappings.FOLDER);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = dir.resolve(Mappings.FOLDER).resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return dir;
  }

  public static ParticipantConfig participant(String id, String... languages) {
    Path none = Path.of("none.pem");
    return new ParticipantConfig(id, id, id.substring(0, 2), "prosecution", none, none, Optional.empty(),
        Optional.empty(), Optional.empty(), ParticipantConfig.ANYONE, ParticipantConfig.ANYONE,
        eu.mlagw.config.DeliveryChannel.INBOX_ONLY, languages.length == 0 ? null : List.of(languages), null);
  }

  /** A complete request from Tirana to the Higher Court in Belgrade, names in three scripts. */
  public static CanonicalRequest fullRequest() {
    NameTransliterator t = new NameTransliterator();
    return new CanonicalRequest("01J9ZQ3K8N6V4W2X0Y7T5R3P1M", "AL-PG-TIRANA", "RS-HC-BELGRADE", "sq", "mla-request",
        new LangText("Kërkesë për të dhëna telefonike", "sq"), "AL-2026-117", "K-PO1 12/2026", "01J9ZPZZ7Q4M2N8B6V5C3X1Z9A", "ets-182",
        "Prokuroria e Përgjithshme, Tiranë", "Viši sud u Beogradu", "urgent", LocalDate.of(2026, 12, 31),
        List.of("drug-trafficking", "money-laundering"), new LangText("Në periudhën janar–mars 2026 …", "sq"),
        List.of(new Person("suspect", t.forms("Xhevdet Shkëmbi", "sq"), LocalDate.of(1980, 5, 17), "AL"),
            new Person("witness", t.forms("Ђорђе Јовановић"), null, "RS")),
        List.of("telecom-data", "bank-information"), new LangText("Të dhënat e thirrjeve 01.01–31.03.2026", "sq"),
        List.of("no-judicial-use", "speciality"), new LangText("Vetëm për këtë procedim.", "sq"), "confidential",
        List.of(new DocumentRef("kerkesa.pdf", "request-letter", "sq",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
            new DocumentRef("annex/perkthimi.pdf", "translation", "sr-Latn", null)));
  }
}
