import eu.mlagw.crypto.CertificateAuthority;
import eu.mlagw.crypto.CertificateRole;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.KeyKind;
import eu.mlagw.transport.PeerClient;
import eu.mlagw.transport.PeerEndpoint;
import eu.mlagw.transport.PeerServer;
import eu.mlagw.transport.TransferMetadata;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What TLS costs a transfer between two gateways (one JVM, loopback, a real PeerServer):
 *  1. a new connection with plain JSSE against the peer listener: connect, mutual-TLS handshake and
 *     one small request (GET of an unknown path, CXF's 404 read to the end: TLS 1.3 delivers the
 *     session ticket after the handshake; the close adds a constant ~40 ms on loopback), either with a new TLS context each time (a full handshake, as the peer client did
 *     for every transfer before issue 13) or with one context (resumed); the full handshakes are
 *     counted (server chain checks) to show that resumption happened;
 *  2. sequential transfers of SIZE bytes with one PeerClient, as a node sends (keep-alive and
 *     resumption), and with a new PeerClient per transfer (full handshake each time, plus a CXF bus
 *     per client): wall time per transfer and the JVM's CPU time per transfer (both sides).
 * Run from the repository root after a build (KEY = rsa (RSA-3072, as `pki init` makes by default)
 * or ec (P-256)):
 *   java -Xmx256m -XX:+UseSerialGC -cp "target/classes:target/lib/*" bench/PeerTlsBench.java [KEY=rsa] [N=200] [SIZE=65536]
 * Add -Dhttp.keepAlive=false to make every transfer open a new connection (session resumption only).
 */
public class PeerTlsBench {
  public static void main(String[] args) throws Exception {
    KeyKind kind = args.length > 0 && args[0].equals("ec") ? KeyKind.EC_P256 : KeyKind.RSA_3072;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 65536;
    Instant now = Instant.now();
    CertificateAuthority root = CertificateAuthority.createRoot("CN=Bench Root CA", kind, now.minusSeconds(3600),
        now.plus(Duration.ofDays(30)), new SecureRandom());
    Credential sender = root.issue(CertificateRole.TLS, "CN=gw-a", kind, now.minusSeconds(3600),
        now.plus(Duration.ofDays(30)), List.of());
    Credential receiver = root.issue(CertificateRole.TLS, "CN=gw-b", kind, now.minusSeconds(3600),
        now.plus(Duration.ofDays(30)), List.of());
    Path work = Files.createTempDirectory("peer-tls-bench");
    Path file = Files.write(work.resolve("package.p7m"), new byte[size]);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    System.out.printf("keys %s, %d transfers of %d bytes, keep-alive %s, %d cores, %s%n", kind, n, size,
        System.getProperty("http.keepAlive", "true"), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.version"));
    try (PeerServer server = PeerServer.builder().gatewayId("gw-b").listen("127.0.0.1", port)
        .tlsCredential(receiver).trustedRoots(List.of(root.certificate()))
        .expectedPeers(Map.of("gw-a", sender.certificate())).receiver((m, f, p) -> null)
        .tempDirectory(work).start()) {
      handshakes(sender, root, port, n);
      PeerEndpoint peer = new PeerEndpoint("gw-b", server.url(), receiver.certificate());
      try (PeerClient client = PeerClient.builder().tlsCredential(sender).trustedRoots(List.of(root.certificate()))
          .build()) {
        transfers(client, peer, file, Math.max(20, n / 4), "warm-up, one client");
        transfers(client, peer, file, n, "one client");
      }
      double[] ms = new double[Math.max(20, n / 4)];
      long cpu0 = cpu();
      for (int i = 0; i < ms.length; i++) {
        long t = System.nanoTime();
        try (PeerClient fresh = PeerClient.builder().tlsCredential(sender).trustedRoots(List.of(root.certificate()))
            .build()) {
          fresh.send(peer, TransferMetadata.forFile("fresh-" + i, "PO-A", "PO-B", "gw-a", file), file);
        }
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      System.out.printf("transfers (a new client each): median %.2f ms, p90 %.2f ms wall, %.2f ms CPU per transfer%n",
          pct(ms, 50), pct(ms, 90), (cpu() - cpu0) / 1e6 / ms.length);
    }
  }

  private static void handshakes(Credential tls, CertificateAuthority root, int port, int n) throws Exception {
    for (int round = 0; round < 2; round++) {
      AtomicInteger fullCount = new AtomicInteger();
      double[] full = new double[n];
      for (int i = 0; i < n; i++) {
        full[i] = handshake(context(tls, root, fullCount), port);
      }
      AtomicInteger resumedCount = new AtomicInteger();
      SSLContext shared = context(tls, root, resumedCount);
      double[] resumed = new double[n];
      handshake(shared, port);
      for (int i = 0; i < n; i++) {
        resumed[i] = handshake(shared, port);
      }
      if (round == 1) {
        System.out.printf("new connection + handshake + one 404 GET, median/p90: full %.2f/%.2f ms (%d full handshakes),"
            + " resumed %.2f/%.2f ms (%d full handshakes of %d)%n", pct(full, 50), pct(full, 90), fullCount.get(),
            pct(resumed, 50), pct(resumed, 90), resumedCount.get(), n + 1);
      }
    }
  }

  private static double handshake(SSLContext context, int port) throws Exception {
    long t = System.nanoTime();
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.startHandshake();
      // one small request read to the end: TLS 1.3 delivers the session ticket after the handshake
      socket.getOutputStream().write("GET /mlagw/none HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] answer = socket.getInputStream().readAllBytes();
      if (answer.length < 12 || !new String(answer, 0, 12, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 ")) {
        throw new IllegalStateException(new String(answer, StandardCharsets.US_ASCII));
      }
      return (System.nanoTime() - t) / 1e6;
    }
  }

  private static void transfers(PeerClient client, PeerEndpoint peer, Path file, int n, String label)
      throws Exception {
    double[] ms = new double[n];
    long cpu0 = cpu();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      if (!client.send(peer, TransferMetadata.forFile(label + "-" + i, "PO-A", "PO-B", "gw-a", file), file)
          .isAccepted()) {
        throw new IllegalStateException("refused");
      }
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    double wall = (System.nanoTime() - t0) / 1e6 / n;
    double cpu = (cpu() - cpu0) / 1e6 / n;
    System.out.printf("transfers (%s): median %.2f ms, p90 %.2f ms, mean %.2f ms wall, %.2f ms CPU per transfer%n",
        label, pct(ms, 50), pct(ms, 90), wall, cpu);
  }

  private static long cpu() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
  }

  private static SSLContext context(Credential tls, CertificateAuthority root, AtomicInteger serverChecks)
      throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("k", tls.privateKey(), "x".toCharArray(), tls.chain().toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "x".toCharArray());
    KeyStore roots = KeyStore.getInstance("PKCS12");
    roots.load(null, null);
    roots.setCertificateEntry("root", root.certificate());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(roots);
    SSLContext context = SSLContext.getInstance("TLS");
    X509TrustManager pkix = (X509TrustManager) tmf.getTrustManagers()[0];
    TrustManager counting = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        serverChecks.incrementAndGet();
        pkix.checkServerTrusted(chain, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
      }
    };
    context.init(kmf.getKeyManagers(), new TrustManager[] {counting}, null);
    return context;
  }

  private static double pct(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
  }
}
