package eu.mlagw.config;

/**
 * The optional {@code console:} settings of gateway.yaml: where the web console for IT staff and
 * auditors listens. Always HTTPS with the gateway's TLS keystore and a required client
 * certificate (operator or auditor key purpose). Absent: the console is off. Immutable.
 *
 * @param host interface to listen on ({@code console.listen.host}, default 127.0.0.1)
 * @param port TCP port ({@code console.listen.port}, 0..65535; 0 takes a free port, printed at start)
 */
public record ConsoleSettings(String host, int port) {
  public ConsoleSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("console.listen.host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("console.listen.port must be 0..65535, got " + port);
    }
  }
}
