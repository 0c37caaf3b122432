package eu.mlagw.transport;

/**
 * Names fixed by version 1 of the REST push to a participant's own system ("case-system push",
 * described for its implementers in {@code openapi/mlagw-case-system-push-1.yaml} and docs/formats.md);
 * changing any of them breaks the receiving systems.
 */
final class CaseSystemProtocol {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String EXCHANGE = "X-MLAGW-Exchange";
  static final String SENDER = "X-MLAGW-Sender";
  static final String RECIPIENT = "X-MLAGW-Recipient";
  /** Per document part: SHA-256 of its bytes, 64 lower-case hex digits. */
  static final String PART_SHA256 = "X-MLAGW-SHA256";
  /** Per document part: size of its bytes, decimal. */
  static final String PART_SIZE = "X-MLAGW-Size";
  /** Name of the first part, the metadata document. */
  static final String METADATA_PART = "metadata";
  /** Name of every document part (one per document, in order). */
  static final String DOCUMENT_PART = "document";

  private CaseSystemProtocol() {}
}
