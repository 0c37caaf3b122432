package eu.mlagw.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the configuration of one gateway among several that share a PKI made by
 * {@code mlagw pki init} (its folder layout: ca/, participants/ID/, gateways/ID/), all on loopback:
 * the demo, the benchmarks and the multi-gateway tests use it. DEMO ONLY: real deployments write
 * their own files (see docs/it-staff.md).
 */
public final class SampleGatewayConfig {
  private SampleGatewayConfig() {}

  /** A gateway: its id, the loopback port it listens on, and the participants it hosts. */
  public record Gateway(String id, int port, List<String> hosted) {}

  /**
   * Writes {@code dir/gateway.yaml} and {@code dir/participants.yaml} for {@code self}; every other
   * gateway in {@code all} becomes a peer, its participants known by certificate only.
   *
   * @param dropRoot drop-folder root, relative to {@code dir} or absolute
   */
  private static int freePort() throws IOException {
    return SamplePorts.free();
  }

  public static Path write(Path dir, Path pki, Gateway self, List<Gateway> all, String dropRoot, int pollMillis)
      throws IOException {
    return write(dir, pki, self, all, dropRoot, pollMillis, java.util.Map.of(), java.util.Map.of());
  }

  /**
   * As above, with extra participants.yaml lines per participant ({@code languages:}, {@code
   * profile:} — known to every gateway) and per hosted participant ({@code delivery:} — only at the
   * gateway hosting it); each line indented by four spaces, ending with a newline.
   */
  public static Path write(Path dir, Path pki, Gateway self, List<Gateway> all, String dropRoot, int pollMillis,
      java.util.Map<String, String> everywhere, java.util.Map<String, String> atHost) throws IOException {
    String c = pki.toAbsolutePath().normalize().toString();
    Files.createDirectories(dir);
    StringBuilder g = new StringBuilder();
    g.append("# DEMO ONLY: keys from ").append(c).append('\n');
    g.append("gateway:\n  id: ").append(self.id()).append('\n')
        .append("  sealKeystore: ").append(c).append("/gateways/").append(self.id()).append("/seal.p12\n")
        .append("  sealCertificate: ").append(c).append("/gateways/").append(self.id()).append("/seal.pem\n")
        .append("  tlsKeystore: ").append(c).append("/gateways/").append(self.id()).append("/tls.p12\n")
        .append("  listen: {host: 127.0.0.1, port: ").append(self.port()).append("}\n");
    g.append("trust:\n  anchors: [").append(c).append("/ca/root-ca.pem]\n  intermediates: [").append(c)
        .append("/ca/issuing-ca.pem]\n  crls: [").append(c).append("/ca/root-ca.crl.pem, ").append(c)
        .append("/ca/issuing-ca.crl.pem]\n");
    g.append("keystorePassword:\n  env: MLAGW_KEYSTORE_PASSWORD\n  file: ").append(c).append("/keystore-password.txt\n");
    g.append("dropFolders:\n  root: ").append(dropRoot).append("\n  pollMillis: ").append(pollMillis).append('\n');
    // each gateway its own single-member cluster on a free loopback port (several run in one JVM)
    g.append("cluster:\n  interface: 127.0.0.1\n  port: ").append(freePort()).append('\n');
    // health and metrics on a free loopback port (the node prints where: GatewayNode.adminUrl())
    g.append("admin: {host: 127.0.0.1, port: 0}\n");
    StringBuilder peers = new StringBuilder("peers:\n");
    StringBuilder p = new StringBuilder("participants:\n");
    for (Gateway gw : all) {
      if (!gw.id().equals(self.id())) {
        peers.append("  - id: ").append(gw.id()).append("\n    url: https://127.0.0.1:").append(gw.port())
            .append("/mlagw/peer\n    certificate: ").append(c).append("/gateways/").append(gw.id()).append("/tls.pem\n    sealCertificate: ").append(c)
            .append("/gateways/").append(gw.id()).append("/seal.pem\n");
      }
      for (String id : gw.hosted()) {
        String d = c + "/participants/" + id;
        p.append("  - id: ").append(id).append('\n');
        if (!gw.id().equals(self.id())) {
          p.append("    gateway: ").append(gw.id()).append('\n');
        }
        p.append("    sealCertificate: ").append(d).append("/seal.pem\n    encryptionCertificate: ").append(d)
            .append("/encryption.pem\n");
        p.append(everywhere.getOrDefault(id, ""));
        if (gw.id().equals(self.id())) {
          p.append(atHost.getOrDefault(id, ""));
        }
        if (gw.id().equals(self.id())) {
          p.append("    sealKeystore: ").append(d).append("/seal.p12\n    encryptionKeystore: ").append(d)
              .append("/encryption.p12\n");
        }
      }
    }
    if (all.size() > 1) {
      g.append(peers);
    }
    Files.writeString(dir.resolve(ConfigLoader.GATEWAY_FILE), g.toString());
    Files.writeString(dir.resolve(ConfigLoader.PARTICIPANTS_FILE), p.toString());
    return dir;
  }
}
