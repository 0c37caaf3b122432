package eu.mlagw.evidence;

/**
 * What an evidence attests, after ETSI EN 319 522 (REM) events. Names are stable: they appear in
 * evidence files, status files and (later) audit events.
 */
public enum EvidenceType {
  /** The sender's gateway accepted the submission and sealed it. */
  SubmissionAcceptance,
  /** The sender's gateway refused the submission (it was not sent). */
  SubmissionRejection,
  /** A gateway accepted the package for relay to the recipient's gateway. */
  RelayAcceptance,
  /** A gateway refused to relay the package. */
  RelayRejection,
  /** The package was verified and put into the recipient's inbox. */
  Delivery,
  /** The package could not be delivered. */
  NonDelivery,
  /** The recipient took the package from its inbox. */
  Retrieval
}
