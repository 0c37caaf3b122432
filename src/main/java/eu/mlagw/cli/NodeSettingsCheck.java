package eu.mlagw.cli;

import eu.mlagw.config.AdminSettings;
import eu.mlagw.config.AlertSettings;
import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.OpsSettings;
import eu.mlagw.config.OpsSettingsReader;
import eu.mlagw.config.SmtpSettings;
import eu.mlagw.error.GatewayException;
import eu.mlagw.crypto.KeyMaterialCheck.Finding;
import eu.mlagw.crypto.KeyMaterialCheck.Severity;
import eu.mlagw.error.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of {@code mlagw config check} about settings a node needs to start that are not key
 * material: the drop-folder root, peers to admit when the node listens, and what the operations
 * settings (admin listener, alerts) will do. Each ERROR carries the reason code {@code mlagw run}
 * refuses the same configuration with (routing/GatewayNode, transport/PeerServer); the operations
 * lines are OK or WARNING, since the node reads its secrets in its own environment, not this shell's.
 */
final class NodeSettingsCheck {
  private NodeSettingsCheck() {}

  static List<Finding> run(GatewayConfig config) throws GatewayException {
    return run(config, System.getenv());
  }

  /** Like {@link #run(GatewayConfig)}, resolving secrets in {@code environment}. */
  static List<Finding> run(GatewayConfig config, java.util.Map<String, String> environment) throws GatewayException {
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
    OpsSettings ops = OpsSettingsReader.load(config);
    out.add(admin(ops));
    out.addAll(alerts(ops.alerts(), environment));
    return out;
  }

  private static Finding admin(OpsSettings ops) {
    if (ops.admin().isEmpty()) {
      return new Finding(Severity.OK, "admin", "no admin listener (admin: not set in gateway.yaml): the node serves no "
          + "health or metrics endpoint");
    }
    AdminSettings a = ops.admin().get();
    String scheme = a.isLoopback() ? "http" : "https";
    return new Finding(Severity.OK, "admin", scheme + "://" + a.host() + ":" + (a.port() == 0 ? "<free port>" : a.port())
        + " serves /health/live, /health/ready and /metrics" + (a.isLoopback() ? " (loopback: plain HTTP)"
        : " (HTTPS with the gateway's TLS certificate)"));
  }

  private static List<Finding> alerts(AlertSettings alerts, java.util.Map<String, String> environment) {
    List<Finding> out = new ArrayList<>();
    String when = "certificates and CRLs within " + alerts.certificateDays() + " days of expiry, a peer unreachable for "
        + "more than " + alerts.peerUnreachableFor().toMinutes() + " min, the newest checkpoint older than "
        + alerts.checkpointIntervals() + " intervals, an exchange within " + alerts.deadlineWithin().toMinutes()
        + " min of its deadline";
    if (alerts.email().isEmpty() || alerts.smtp().isEmpty()) {
      out.add(new Finding(Severity.OK, "alerts", "logged (WARN) and counted (mlagw_alerts_active), not mailed "
          + "(alerts.email not set): " + when));
      return out;
    }
    SmtpSettings smtp = alerts.smtp().get();
    out.add(new Finding(Severity.OK, "alerts", "mailed to " + String.join(", ", alerts.email()) + " through "
        + smtp.host() + ":" + smtp.port() + (smtp.starttls() ? " (STARTTLS)" : " (no TLS)") + ", logged and counted: "
        + when));
    if (smtp.user().isPresent() && smtp.password().isPresent()) {
      try {
        java.util.Arrays.fill(smtp.password().get().resolve(environment), '\0');
      } catch (GatewayException e) {
        out.add(new Finding(Severity.WARNING, "alerts", "the SMTP password cannot be read here (" + e.getMessage()
            + "); the node reads it in its own environment at each alert and logs ALERT_MAIL_FAILED if it cannot"));
      }
    }
    return out;
  }
}
