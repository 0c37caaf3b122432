package eu.mlagw.testing;

import eu.mlagw.cli.Mlagw;
import eu.mlagw.config.SampleGatewayConfig;
import eu.mlagw.config.SamplePorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Two gateways on loopback with the sample PKI of {@code mlagw pki init}: {@code gw-al} hosting
 * the Albanian prosecutor {@link #AL}, {@code gw-rs} the Serbian court {@link #RS}. Each has
 * {@code HOME/GW/config/} (gateway.yaml, participants.yaml; its audit store under config/data) and
 * a drop root. Only files and the CLI: nothing of the routing internals.
 */
public final class TwoGatewayHomes {
  public static final String AL = "AL-PG-TIRANA";
  public static final String RS = "RS-HC-BELGRADE";
  public static final String GW_AL = "gw-al";
  public static final String GW_RS = "gw-rs";

  private final Path home;
  private final Path alDrop;
  private final Path rsDrop;
  private final java.util.Map<String, Integer> ports;

  private TwoGatewayHomes(Path home, Path alDrop, Path rsDrop, java.util.Map<String, Integer> ports) {
    this.home = home;
    this.alDrop = alDrop;
    this.rsDrop = rsDrop;
    this.ports = ports;
  }

  /**
   * Makes the PKI under {@code home/pki} and both configurations; each drop root is {@code
   * home/GW/drop} unless given (absolute). {@code extraGatewayYaml} (e.g. a {@code delivery:}
   * section) is appended to both gateway.yaml files.
   */
  public static TwoGatewayHomes create(Path home, Path alDropOrNull, Path rsDropOrNull, String extraGatewayYaml)
      throws IOException {
    Path pki = home.resolve("pki");
    StringWriter err = new StringWriter();
    int exit = Mlagw.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "pki", "init", "--out", pki.toString(),
        "--participants", AL + "," + RS, "--gateways", GW_AL + "," + GW_RS, "--key-algorithm", "ec");
    if (exit != 0) {
      throw new IllegalStateException("mlagw pki init failed (" + exit + "): " + err);
    }
    Path alDrop = alDropOrNull != null ? alDropOrNull : home.resolve(GW_AL).resolve("drop");
    Path rsDrop = rsDropOrNull != null ? rsDropOrNull : home.resolve(GW_RS).resolve("drop");
    SampleGatewayConfig.Gateway al = new SampleGatewayConfig.Gateway(GW_AL, SamplePorts.free(), List.of(AL));
    SampleGatewayConfig.Gateway rs = new SampleGatewayConfig.Gateway(GW_RS, SamplePorts.free(), List.of(RS));
    TwoGatewayHomes homes = new TwoGatewayHomes(home, alDrop, rsDrop, java.util.Map.of(GW_AL, al.port(), GW_RS, rs.port()));
    for (SampleGatewayConfig.Gateway self : List.of(al, rs)) {
      Path config = homes.config(self.id());
      SampleGatewayConfig.write(config, pki, self, List.of(al, rs), homes.dropRoot(self.id()).toString(), 50);
      Files.writeString(config.resolve("gateway.yaml"), extraGatewayYaml, StandardOpenOption.APPEND);
    }
    return homes;
  }

  public Path home() {
    return home;
  }

  /** {@code HOME/GW}: everything of one gateway that is not on another file system. */
  public Path gatewayHome(String gateway) {
    return home.resolve(gateway);
  }

  public Path config(String gateway) {
    return gatewayHome(gateway).resolve("config");
  }

  public Path dropRoot(String gateway) {
    return GW_AL.equals(gateway) ? alDrop : rsDrop;
  }

  /** The drop tree of {@link #AL} (at gw-al) or {@link #RS} (at gw-rs). */
  public DropTree tree(String participant) {
    return AL.equals(participant) ? new DropTree(alDrop.resolve(AL)) : new DropTree(rsDrop.resolve(RS));
  }

  /** The gateway hosting {@code participant}. */
  public static String gatewayOf(String participant) {
    return AL.equals(participant) ? GW_AL : GW_RS;
  }

  /** A node of {@code gateway} at the launcher's default heap, logging to {@code HOME/GW/node.log}. Not started. */
  public GatewayProcess process(String gateway) {
    return process(gateway, MlagwJvm.LAUNCHER_HEAP);
  }

  /** As above with other JVM options. */
  public GatewayProcess process(String gateway, List<String> jvmOptions) {
    return new GatewayProcess(gateway, config(gateway), gatewayHome(gateway).resolve("node.log"), ports.get(gateway),
        jvmOptions);
  }
}
