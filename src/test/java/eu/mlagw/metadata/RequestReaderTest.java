package eu.mlagw.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** request.yaml / request.json from the drop folder: binding, defaults, and errors in the prosecutor's language. */
class RequestReaderTest {
  @TempDir Path folder;
  private RequestReader reader;

  @BeforeEach
  void setUp() throws Exception {
    reader = new RequestReader(MetadataFixtures.mappings(), (pdf, size) -> Optional.empty());
    Files.writeString(folder.resolve("kerkesa.pdf"), "%PDF-1.7 letter");
    Files.createDirectories(folder.resolve("annex"));
    Files.writeString(folder.resolve("annex/calls.csv"), "a,b\n");
  }

  @Test
  void fullRequestYamlBindsEveryFieldWithNamesInAllScripts() throws Exception {
    Files.writeString(folder.resolve("request.yaml"), """
        language: sq
        exchangeType: mla-request
        subject: Kërkesë për të dhëna telefonike
        caseReference: AL-2026-117
        legalBasis: ets-182
        issuingAuthority: Prokuroria e Përgjithshme, Tiranë
        urgency: urgent
        deadline: 2026-12-31
        offences: [drug-trafficking, money-laundering]
        offenceDescription: Në periudhën janar–mars 2026 …
        persons:
          - {role: suspect, name: Xhevdet Shkëmbi, birthDate: 1980-05-17, nationality: AL}
          - {role: witness, name: Ђорђе Јовановић, nationality: RS}
        measures: [telecom-data]
        handlingCodes: [no-judicial-use]
        confidentiality: confidential
        documents:
          - {file: kerkesa.pdf, role: request-letter, language: sq}
        """);
    RequestReader.Result r = reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE");
    CanonicalRequest c = r.request();
    assertEquals(folder.resolve("request.yaml"), r.source());
    assertEquals("AL-PG-TIRANA", c.sender());
    assertEquals("RS-HC-BELGRADE", c.recipient());
    assertEquals(new CanonicalRequest.LangText("Kërkesë për të dhëna telefonike", "sq"), c.subject());
    assertEquals(LocalDate.of(2026, 12, 31), c.deadline());
    assertEquals(List.of("drug-trafficking", "money-laundering"), c.offences());
    assertEquals(new NameForms("Xhevdet Shkëmbi", "Xhevdet Shkëmbi", "Џевдет Шкемби", "Xhevdet Shkembi"),
        c.persons().get(0).name());
    assertEquals(new NameForms("Ђорђе Јовановић", "Đorđe Jovanović", "Ђорђе Јовановић", "Djordje Jovanovic"),
        c.persons().get(1).name());
    assertEquals(List.of(new CanonicalRequest.DocumentRef("kerkesa.pdf", "request-letter", "sq", null),
        new CanonicalRequest.DocumentRef("annex/calls.csv", "annex", null, null)), c.documents());
  }

  @Test
  void theManualsExampleIsAValidRequest() throws Exception {
    String readme = Files.readString(Path.of("docs/prosecutors.md"));
    int start = readme.indexOf("```yaml\n", readme.indexOf("## The request file"));
    String yaml = readme.substring(start + 8, readme.indexOf("```", start + 8));
    Files.writeString(folder.resolve("request.yaml"), yaml);
    Files.writeString(folder.resolve("annex/perkthimi.pdf"), "%PDF-1.7");
    CanonicalRequest c = reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE").request();
    assertEquals("Djordje Jovanovic", c.persons().get(1).name().ascii());
    assertEquals("confidential", c.confidentiality());
  }

  @Test
  void theOldMinimalRequestYamlStaysValidWithDefaults() throws Exception {
    Files.writeString(folder.resolve("request.yaml"), "subject: Call records\ncaseReference: AL-2026-117\n");
    CanonicalRequest c = reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE").request();
    assertEquals("mla-request", c.exchangeType());
    assertEquals("normal", c.urgency());
    assertEquals("sq", c.language());
    assertEquals("AL-2026-117", c.caseReference());
    assertNull(c.legalBasis());
  }

  @Test
  void requestJsonIsReadToo() throws Exception {
    Files.writeString(folder.resolve("request.json"), """
        {"subject": "Zahtev za saslušanje svedoka", "measures": ["hearing-witness"],
         "persons": [{"name": "Ljubica Njegoš", "role": "witness"}]}""");
    CanonicalRequest c = reader.read(folder, MetadataFixtures.participant("RS-PPO-BELGRADE", "sr-Latn"),
        "AL-PG-TIRANA").request();
    assertEquals("Љубица Његош", c.persons().get(0).name().cyrillic());
    assertEquals("sr-Latn", c.subject().lang());
  }

  @Test
  void errorsAreListedInAlbanianForAnAlbanianSender() throws Exception {
    Files.writeString(folder.resolve("request.yaml"), """
        urgency: quick
        deadline: 31.12.2026
        persons:
          - {role: suspect}
        documents:
          - {file: missing.pdf}
        colour: blue
        """);
    RequestInvalidException e = assertThrows(RequestInvalidException.class,
        () -> reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE"));
    assertEquals(ReasonCode.REQUEST_INVALID, e.reason());
    assertEquals("sq", e.language());
    String text = e.getMessage();
    assertTrue(text.startsWith("Kërkesa nuk u dërgua."), text);
    assertTrue(text.contains("- colour [colour]: nuk është fushë e njohur; fushat janë: language, exchangeType,"), text);
    assertTrue(text.contains("- Lënda [subject]: mungon; ju lutemi plotësojeni."), text);
    assertTrue(text.contains("- Urgjenca [urgency]: 'quick' nuk lejohet; zgjidhni një nga: normal (E zakonshme), "
        + "urgent (Urgjente), very-urgent (Shumë urgjente)."), text);
    assertTrue(text.contains("- Afati [deadline]: '31.12.2026' nuk është datë; shkruajeni si VVVV-MM-DD"), text);
    assertTrue(text.contains("- Personi 1 – Emri (në shkrimin origjinal) [persons[0].name]: mungon"), text);
    assertTrue(text.contains("- Dokumenti 1 – Skedari [documents[0].file]: përmend skedarin 'missing.pdf'"), text);
    assertEquals(6, e.problems().size(), e.problems().toString());
  }

  @Test
  void errorsAreInSerbianCyrillicWhenTheRequestSaysSo() throws Exception {
    Files.writeString(folder.resolve("request.yaml"), "language: sr-Cyrl\nsubject: Тест\nurgency: very-urgent\n"
        + "offences: [theft]\n");
    RequestInvalidException e = assertThrows(RequestInvalidException.class,
        () -> reader.read(folder, MetadataFixtures.participant("AL-PG-TIRANA"), "RS-HC-BELGRADE"));
    String text = e.getMessage();
    assertTrue(text.startsWith("Замолница није послата."), text);
    assertTrue(text.contains("- Рок [deadline]: недостаје; хитна замолница мора имати рок (ГГГГ-ММ-ДД)."), text);
    assertTrue(text.contains("- Кривична дела [offences]: 'theft' није дозвољено; изаберите једно од: "
        + "criminal-organisation (Учествовање у организованој криминалној групи),"), text);
  }

  @Test
  void aFolderWithoutRequestSaysWhatToAdd() {
    RequestInvalidException e = assertThrows(RequestInvalidException.class,
        () -> reader.read(folder, MetadataFixtures.participant("DE-STA-BERLIN"), "RS-HC-BELGRADE"));
    assertTrue(e.getMessage().contains("Kein Ersuchen gefunden".toLowerCase().substring(0, 4))
        || e.getMessage().contains("kein Ersuchen gefunden"), e.getMessage());
  }

  @Test
  void brokenYamlIsReportedAsUnreadable() throws Exception {
    Files.writeString(folder.resolve("request.yaml"), "subject: [unclosed\n");
    RequestInvalidException e = assertThrows(RequestInvalidException.class,
        () -> reader.read(folder, MetadataFixtures.participant("EU-AGENCY"), "RS-HC-BELGRADE"));
    assertTrue(e.getMessage().contains("[request.yaml]: cannot be read ("), e.getMessage());
  }
}
