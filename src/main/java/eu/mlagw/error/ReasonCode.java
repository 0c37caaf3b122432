package eu.mlagw.error;

/**
 * Stable reason codes. They appear in failed/ files, evidences, audit events and CLI output, so a
 * code once published is never renamed or reused for another meaning.
 */
public enum ReasonCode {
  /** The envelope's authentication tag does not match: the ciphertext was altered or cut. */
  ENVELOPE_TAMPERED,
  /** None of the envelope's recipients is the key we were asked to open it with. */
  NOT_FOR_THIS_RECIPIENT,
  /** The signature over the manifest does not verify. */
  SIGNATURE_INVALID,
  /** The signer's certificate does not chain to a configured trust anchor. */
  CERT_UNTRUSTED,
  /** A certificate in the signer's chain was not valid at signing time. */
  CERT_EXPIRED,
  /** A certificate in the signer's chain is revoked by a configured CRL. */
  CERT_REVOKED,
  /** A certificate is used for something its key usage does not allow. */
  KEY_USAGE,
  /** A document's SHA-256 differs from the one in the signed manifest. */
  DIGEST_MISMATCH,
  /** The container holds an entry that the signed manifest does not list (or lists one it lacks). */
  ENTRY_NOT_IN_MANIFEST,
  /** Two container entries have the same name. */
  DUPLICATE_ENTRY,
  /** An entry name is absolute, contains "..", or otherwise escapes the output folder. */
  PATH_TRAVERSAL,
  /** A size or compression-ratio limit was exceeded. */
  TOO_LARGE,
  /** The input is not a well-formed package, container, envelope or signature. */
  MALFORMED,
  /** A document changed on disk while it was being sealed. */
  DOCUMENT_CHANGED,
  /** The configuration is missing, unreadable or invalid. */
  CONFIG_INVALID,
  /** A keystore cannot be opened (missing file, wrong password, no key inside). */
  KEYSTORE_UNREADABLE,
  /** A participant id is not known to the configuration. */
  PARTICIPANT_UNKNOWN,
  /** No route to the recipient: it is not hosted here and no peer gateway is known for it. */
  NO_ROUTE,
  /** The output location already exists and would be overwritten. */
  OUTPUT_EXISTS,
  /** An input file or folder is missing or empty. */
  INPUT_INVALID,
  /** Reading or writing a file failed. */
  IO_ERROR,
  /** A cryptographic operation failed for a reason that is not the input's fault. */
  CRYPTO_FAILURE,
  /**
   * A peer gateway is not the one configured: its TLS certificate is not exactly the certificate
   * configured for it (either side), it did not accept our TLS certificate, or it claims to be
   * another gateway than the one it authenticated as. Not retryable: a configuration on one side
   * must change first.
   */
  PEER_UNTRUSTED,
  /**
   * A peer gateway could not be reached or did not complete the call: connection refused, timed
   * out, cut while sending, or the peer failed while processing. Retryable: send the same
   * transfer again later (the receiver sees the same exchange id).
   */
  PEER_UNREACHABLE,
  /**
   * The exchange policy does not allow it: the sender may not send to this recipient, or the
   * recipient may not receive from this sender (participants.yaml: maySendTo / mayReceiveFrom).
   */
  POLICY_DENIED,
  /** The recipient's gateway or system stayed unreachable until the delivery deadline passed. */
  DELIVERY_DEADLINE_PASSED,
  /** The recipient's own system (a court's case-management system, an agency endpoint) refused it. */
  DELIVERY_REFUSED,
  /**
   * A package is not the exchange it was delivered as: its signed metadata names another package
   * id (exchange id), sender or recipient than the transfer — a replayed or misrouted package.
   */
  EXCHANGE_MISMATCH,
  /**
   * The audit log, a checkpoint or a proof bundle does not verify: an event was changed, removed,
   * inserted or reordered, a checkpoint is forged, signed by another key or rolled back, or a
   * proof does not lead to the signed root. The message names the first bad sequence number.
   */
  AUDIT_TAMPERED,
  /**
   * A node refused to start: its audit store does not match the newest signed checkpoint it holds
   * (events changed, removed or renumbered, a checkpoint forged, or a row that cannot be read).
   * The message names what was found. Fix: run {@code mlagw audit verify} for the first bad sequence
   * number, restore the audit database from a backup, and start again; CLI exit code 3.
   */
  AUDIT_STORE_TAMPERED,
  /**
   * A prosecutor's request (request.yaml, request.json or the PDF form) has a missing or wrong field.
   * The message lists every problem in the prosecutor's language, naming the field and what is
   * expected. Not retryable: the request must be corrected and dropped again.
   */
  REQUEST_INVALID,
  /**
   * A client of the audit API is not an auditor: its TLS certificate lacks the auditor key purpose
   * (see {@code CertificateRole.AUDITOR_KEY_PURPOSE}), or does not chain to a trust anchor, or is
   * revoked. Answered with HTTP 403; the refusal is itself recorded in the audit log. Fix: call with
   * an auditor certificate issued by the gateway's CA ({@code mlagw pki init --auditors NAME}).
   */
  AUDITOR_NOT_AUTHORIZED,
  /**
   * A drop-folder submission holds something that is not a plain file of its own: a symbolic link,
   * a hard link to a file elsewhere, a device, a FIFO or a socket, or the submission folder itself is
   * a link. Nothing is read through it. Fix: copy the real file into the submission folder.
   */
  LINK_REFUSED,
  /**
   * A signature, certificate, key or envelope uses an algorithm or key size that the algorithm
   * policy does not accept (for example SHA-1, MD5, RSA shorter than 3072 bits, RSA PKCS#1 v1.5 key
   * transport, a cipher other than AES-256-GCM). The message names what was found and what is
   * allowed.
   */
  ALGORITHM_REFUSED,
  /**
   * An evidence is not sealed by the gateway it names as its issuer: the seal is not that gateway's
   * configured evidence seal certificate, or the certificate lacks the gateway-seal key purpose.
   */
  EVIDENCE_ISSUER_INVALID,
  /**
   * A listener (the peer endpoint, the audit API) is at its limit: this client already has
   * {@code listeners.maxConcurrentPerClient} requests in progress (HTTP 429 from the audit API), or
   * the listener serves {@code listeners.maxConcurrent} (HTTP 503). Answered at once, never queued.
   * Retryable: a sending gateway treats it as PEER_UNREACHABLE and sends again later.
   */
  BUSY,
  /**
   * An alert e-mail could not be sent: the SMTP server of gateway.yaml alerts.smtp refused the
   * login, the sender or a recipient, or could not be reached. The alert is still logged and
   * counted; the e-mail is tried again at the next check.
   */
  ALERT_MAIL_FAILED,
  /**
   * The audit store cannot be opened by this process: its H2 database file is held by another
   * process (a node or an {@code mlagw audit} command of the gateway, perhaps with another
   * configuration folder), and no node answers on this configuration's cluster address to go
   * through; or a node answers there that is not a member of this gateway's cluster. Fix: give the
   * configuration the running node uses ({@code --config}), or wait for the other process to end.
   */
  AUDIT_STORE_UNAVAILABLE,
  /**
   * A client of the web console presented a certificate that is neither an operator's nor an
   * auditor's (it lacks both key purposes, e.g. a participant's or a gateway's certificate), or whose
   * chain is not valid now (expired, revoked). Answered with HTTP 403 and a page that says why; the
   * refusal is recorded in the audit log. Fix: use a certificate made for the console
   * ({@code mlagw pki init --operators NAME} or {@code --auditors NAME} for samples).
   */
  CONSOLE_NOT_AUTHORIZED,
  /**
   * A form sent to the web console did not carry the session's anti-forgery (CSRF) token, or carried
   * another one: a page of another site, an old tab or a script tried to act in the operator's name.
   * Nothing was done (HTTP 403). Fix: reload the exchange's page and act again from it.
   */
  CONSOLE_FORM_FORGED,
  /**
   * An operator gave up on an exchange from the web console ("give up"): it is not sent any more,
   * its sender gets a NonDelivery evidence and the submission is returned to failed/. The audit
   * event names the operator and the reason they gave.
   */
  OPERATOR_GAVE_UP,
  /**
   * An operator asked to retry or give up an exchange that is not waiting for its next attempt on
   * this node: an attempt is running right now, it was delivered or failed meanwhile, or another node
   * of the cluster handles it. Nothing changed. Fix: reload the page; act when it shows SENDING with a
   * next attempt (on the node that retries it).
   */
  EXCHANGE_NOT_WAITING,
  /**
   * The time-stamping authority of gateway.yaml {@code timestamping.url} could not be reached, refused the
   * request, or answered with a token that does not check out (nonce, imprint, signature, key purpose, chain to
   * {@code timestamping.trustAnchor}). Retryable: nothing is sealed without its timestamp once timestamping is
   * configured, so the step waits and is tried again.
   */
  TSA_UNAVAILABLE,
  /**
   * A signature's RFC 3161 signature-time-stamp does not verify: it covers other data than the signature value,
   * its signature is not the TSA's, the TSA certificate lacks the critical id-kp-timeStamping key purpose, does
   * not chain to a trust anchor or is revoked, or its time precedes the signing time. Do not trust the record.
   */
  TIMESTAMP_INVALID
}
