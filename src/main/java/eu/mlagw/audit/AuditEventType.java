package eu.mlagw.audit;

/**
 * What an audit event records. These names are what auditors query by and what exported logs carry,
 * so a name once published is never renamed or reused for another meaning.
 */
public enum AuditEventType {
  /** A configuration (gateway.yaml, participants.yaml, routes) was loaded by a node. */
  CONFIG_LOADED,
  /** A submission was taken from a drop folder (claimed by atomic rename). */
  SUBMISSION_CLAIMED,
  /** The policy decided whether the sender may send this exchange to the recipient. */
  POLICY_DECIDED,
  /** The request metadata was rendered for the recipient's profile and language. */
  METADATA_TRANSLATED,
  /** The package was sealed (signed and encrypted) for the recipient. */
  PACKAGE_SEALED,
  /** The package was sent to the recipient's gateway and the peer acknowledged it. */
  PACKAGE_SENT,
  /** A send attempt failed and will be retried. */
  SEND_RETRY_SCHEDULED,
  /** A package arrived from a peer gateway. */
  PACKAGE_RECEIVED,
  /** A received package was decrypted and its seal, chain and revocation verified. */
  PACKAGE_VERIFIED,
  /** The package was delivered to the recipient (inbox, court API or agency endpoint). */
  PACKAGE_DELIVERED,
  /** A package already delivered arrived again and was not delivered a second time. */
  DUPLICATE_IGNORED,
  /** The gateway issued (signed) an evidence. */
  EVIDENCE_ISSUED,
  /** An evidence issued by another gateway arrived and was verified. */
  EVIDENCE_RECEIVED,
  /** The recipient took the exchange from its inbox (Retrieval). */
  EXCHANGE_RETRIEVED,
  /** A step failed; the event carries the reason code. */
  EXCHANGE_FAILED,
  /** An auditor queried the log (who, what, stated purpose). */
  AUDIT_QUERIED,
  /** An auditor exported part of the log or a proof bundle (who, what, stated purpose). */
  AUDIT_EXPORTED,
  /** An auditor verified the log. */
  AUDIT_VERIFIED,
  /**
   * An operator acted on an exchange in the web console: details {@code action} (retry-now or
   * give-up), {@code operator} (the subject of their client certificate) and {@code reason} (as they
   * typed it). Recorded before the action takes effect.
   */
  OPERATOR_ACTED
}
