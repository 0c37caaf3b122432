import eu.mlagw.metadata.CanonicalRequest;
import eu.mlagw.metadata.Mappings;
import eu.mlagw.metadata.MetadataXml;
import eu.mlagw.metadata.NameForms;
import eu.mlagw.metadata.NameTransliterator;
import eu.mlagw.metadata.ProfileRenderer;
import eu.mlagw.pdf.CoverSheetWriter;
import eu.mlagw.pdf.RequestFormWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Metadata costs per request on one core, warm (after a warm-up pass), printed as figures:
 * loading config/mappings, transliterating names, metadata.xml write+validate+read, rendering
 * court-json and agency-xml, the blank PDF form and the cover sheet (time and size). Run from the
 * repository root after a build:
 *   java -Xmx128m -XX:+UseSerialGC -cp "target/classes:target/lib/*" bench/MetadataBench.java
 */
public class MetadataBench {
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    Mappings m = Mappings.load(Path.of("config"));
    System.out.printf("Mappings.load (12 languages, code lists, messages, 3 profiles): %.0f ms (cold)%n",
        (System.nanoTime() - t0) / 1e6);
    NameTransliterator t = new NameTransliterator();
    List<String> names = List.of("Ђорђе Јовановић", "Ljubica Njegoš", "Xhevdet Shkëmbi", "Ѓорѓи Ќосев", "Hadžić Emina");
    CanonicalRequest r = request(t);
    for (int pass = 0; pass < 2; pass++) {
      int n = pass == 0 ? 2_000 : 20_000;
      long s = System.nanoTime();
      for (int i = 0; i < n; i++) {
        NameForms f = t.forms(names.get(i % names.size()), i % 5 == 2 ? "sq" : null);
        if (f.ascii().isEmpty()) {
          throw new AssertionError();
        }
      }
      double namesPerSec = n / ((System.nanoTime() - s) / 1e9);
      int k = pass == 0 ? 50 : 500;
      s = System.nanoTime();
      for (int i = 0; i < k; i++) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetadataXml.write(r, out);
        MetadataXml.read(new ByteArrayInputStream(out.toByteArray()));
      }
      double xmlMs = (System.nanoTime() - s) / 1e6 / k;
      ProfileRenderer renderer = new ProfileRenderer(m);
      s = System.nanoTime();
      for (int i = 0; i < k; i++) {
        renderer.render(r, "court-json", "sr-Cyrl", new ByteArrayOutputStream());
        renderer.render(r, "agency-xml", "en", new ByteArrayOutputStream());
      }
      double renderMs = (System.nanoTime() - s) / 1e6 / k / 2;
      int p = pass == 0 ? 3 : 10;
      ByteArrayOutputStream form = new ByteArrayOutputStream();
      s = System.nanoTime();
      for (int i = 0; i < p; i++) {
        form = new ByteArrayOutputStream();
        new RequestFormWriter(m).write("sr-Cyrl", form);
      }
      double formMs = (System.nanoTime() - s) / 1e6 / p;
      ByteArrayOutputStream cover = new ByteArrayOutputStream();
      s = System.nanoTime();
      for (int i = 0; i < p; i++) {
        cover = new ByteArrayOutputStream();
        new CoverSheetWriter(m).write(r, "sr-Cyrl", cover);
      }
      double coverMs = (System.nanoTime() - s) / 1e6 / p;
      if (pass == 1) {
        System.out.printf("names transliterated (all forms): %.0f /s%n", namesPerSec);
        System.out.printf("metadata.xml write + XSD validate + read: %.2f ms per request%n", xmlMs);
        System.out.printf("profile rendering (court-json, agency-xml): %.2f ms per rendering%n", renderMs);
        System.out.printf("blank PDF form (sr-Cyrl, whole font embedded): %.0f ms, %d KiB%n", formMs, form.size() / 1024);
        System.out.printf("cover sheet PDF (sr-Cyrl, font subset): %.0f ms, %d KiB%n", coverMs, cover.size() / 1024);
      }
    }
  }

  private static CanonicalRequest request(NameTransliterator t) {
    return new CanonicalRequest("01J9ZQ3K8N6V4W2X0Y7T5R3P1M", "AL-PG-TIRANA", "RS-HC-BELGRADE", "sq", "mla-request",
        new CanonicalRequest.LangText("Kërkesë për të dhëna telefonike", "sq"), "AL-2026-117", null, null, "ets-182",
        "Prokuroria e Përgjithshme, Tiranë", "Viši sud u Beogradu", "urgent", LocalDate.of(2026, 12, 31),
        List.of("drug-trafficking", "money-laundering"), null,
        List.of(new CanonicalRequest.Person("suspect", t.forms("Xhevdet Shkëmbi", "sq"), null, "AL"),
            new CanonicalRequest.Person("witness", t.forms("Ђорђе Јовановић"), null, "RS")),
        List.of("telecom-data"), null, List.of("no-judicial-use"), null, "confidential",
        List.of(new CanonicalRequest.DocumentRef("kerkesa.pdf", "request-letter", "sq", null)));
  }
}
