package eu.mlagw.config;

/**
 * The optional {@code admin:} settings of gateway.yaml: where the node serves its health and
 * metrics ({@code /health/live}, {@code /health/ready}, {@code /metrics}). Plain HTTP on a loopback
 * address; HTTPS with the gateway's TLS keystore on any other (client certificates asked for, not
 * required). Absent: no admin listener. Immutable.
 *
 * @param host interface to listen on ({@code admin.host}, default 127.0.0.1)
 * @param port TCP port ({@code admin.port}, 0..65535; 0 takes a free port, printed at start)
 */
public record AdminSettings(String host, int port) {
  public AdminSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("admin.host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("admin.port must be 0..65535, got " + port);
    }
  }

  /** Whether {@code host} is a loopback address (127.0.0.0/8, ::1, localhost): only then is plain HTTP allowed. */
  public boolean isLoopback() {
    return isLoopback(host);
  }

  static boolean isLoopback(String host) {
    String h = host.strip();
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }
}
