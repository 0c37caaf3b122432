package eu.mlagw.config;

/**
 * The optional {@code auditApi:} settings of gateway.yaml: where the auditors' REST API listens
 * (mutual TLS with the gateway's TLS keystore; clients need an auditor certificate). Absent: the
 * API is off. Immutable.
 *
 * @param host interface to listen on ({@code auditApi.listen.host}, default 127.0.0.1)
 * @param port TCP port ({@code auditApi.listen.port}, 1..65535, e.g. 8444; not the peer port)
 */
public record AuditApiSettings(String host, int port) {
  public AuditApiSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("auditApi.listen.host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("auditApi.listen.port must be 1..65535, got " + port);
    }
  }
}
