import eu.mlagw.config.ConfigLoader;
import eu.mlagw.crypto.DetachedSignatureVerifier;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.pkg.DocumentSource;
import eu.mlagw.pkg.PackageOpener;
import eu.mlagw.pkg.PackageSealer;
import eu.mlagw.pkg.ProgressListener;
import eu.mlagw.pkg.SealRequest;
import eu.mlagw.pkg.zip.ZipLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Seals and opens the same document ROUNDS times in ONE JVM, as a running gateway node does, and
 * prints MB/s per round: round 1 pays for JIT compilation like a one-shot CLI call, later rounds
 * show the steady state. Run from the repository root after a build:
 *   java -Xmx128m -XX:+UseSerialGC -cp "target/classes:target/lib/*" bench/WarmPackageBench.java DOC WORKDIR [ROUNDS]
 */
public class WarmPackageBench {
  public static void main(String[] args) throws Exception {
    Path doc = Path.of(args[0]);
    Path work = Path.of(args[1]);
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    GatewayKeys keys = new GatewayKeys(new ConfigLoader().load(Path.of("config")), System.getenv());
    PackageSealer sealer = new PackageSealer(new DetachedSigner(keys.sealCredential("AL-PG-TIRANA")));
    PackageOpener opener = PackageOpener.forGateway(keys, Clock.systemUTC());
    long size = Files.size(doc);
    for (int r = 1; r <= rounds; r++) {
      Path sealed = work.resolve("warm-" + r + ".p7m");
      Path opened = work.resolve("warm-opened-" + r);
      long t0 = System.nanoTime();
      sealer.seal(new SealRequest("AL-PG-TIRANA", List.of("RS-HC-BELGRADE"),
          List.of(keys.encryptionCertificate("RS-HC-BELGRADE")), List.of(DocumentSource.of(doc, "input.bin")), ""),
          sealed, ProgressListener.NONE);
      long t1 = System.nanoTime();
      opener.open(sealed, "RS-HC-BELGRADE", keys.encryptionCredential("RS-HC-BELGRADE"), opened, ProgressListener.NONE);
      long t2 = System.nanoTime();
      System.out.printf("round %d seal %.1f MB/s open %.1f MB/s%n", r, size * 1e3 / (t1 - t0), size * 1e3 / (t2 - t1));
      Files.delete(sealed);
      Files.delete(opened.resolve("documents/input.bin"));
    }
  }
}
