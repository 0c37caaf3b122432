package eu.mlagw.cli;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.crypto.KeyMaterialCheck.Finding;
import eu.mlagw.crypto.KeyMaterialCheck.Severity;
import eu.mlagw.error.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of {@code mlagw config check} about settings a node needs to start that are not key
 * material: the drop-folder root, and peers to admit when the node listens. Each ERROR carries the
 * reason code {@code mlagw run} refuses the same configuration with (routing/GatewayNode,
 * transport/PeerServer).
 */
final class NodeSettingsCheck {
  private NodeSettingsCheck() {}

  static List<Finding> run(GatewayConfig config) {
    List<Finding> out = new ArrayList<>();
    String id = config.gatewayId();
    String gatewayYaml = config.directory().resolve("gateway.yaml").toString();
    if (config.dropFolderRoot().isEmpty()) {
      out.add(new Finding(Severity.ERROR, id, ReasonCode.CONFIG_INVALID + ": " + gatewayYaml + ": dropFolders.root is "
          + "missing: mlagw run refuses to start; set the folder under which each hosted participant gets outbox/, "
          + "sent/, failed/ and inbox/", ReasonCode.CONFIG_INVALID));
    } else {
      out.add(new Finding(Severity.OK, id, "drop folders under " + config.dropFolderRoot().get()));
    }
    if (config.listenPort() > 0 && config.peers().isEmpty()) {
      out.add(new Finding(Severity.ERROR, id, ReasonCode.CONFIG_INVALID + ": " + gatewayYaml + ": gateway.listen is set "
          + "but no peer gateway is configured: mlagw run refuses to start, the peer listener would refuse every "
          + "call; add peers (with their TLS certificates) or remove gateway.listen", ReasonCode.CONFIG_INVALID));
    }
    return out;
  }
}
