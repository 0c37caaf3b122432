package eu.mlagw.ops;

/**
 * One condition the IT staff must act on, as the alert checker found it.
 *
 * @param kind what sort of condition ({@link Kind}); the label of {@code mlagw_alerts_active}
 * @param key what it is about (a certificate, a peer, an exchange): the same condition found again
 *     has the same key, and is not reported again while it lasts
 * @param message one line for the operator: what was found, and what to do
 */
public record Alert(Kind kind, String key, String message) {
  /** The kinds of alert, with their metric label. */
  public enum Kind {
    CERTIFICATE_EXPIRY("certificate_expiry"),
    CRL_NEXT_UPDATE("crl_next_update"),
    PEER_UNREACHABLE("peer_unreachable"),
    CHECKPOINT_STALE("checkpoint_stale"),
    EXCHANGE_DEADLINE("exchange_deadline");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether every node of the gateway finds the same (then one node mails it): certificates, CRLs, the checkpoint. */
    public boolean isGatewayWide() {
      return this == CERTIFICATE_EXPIRY || this == CRL_NEXT_UPDATE || this == CHECKPOINT_STALE;
    }
  }
}
