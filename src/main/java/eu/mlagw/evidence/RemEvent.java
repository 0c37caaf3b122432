package eu.mlagw.evidence;

import eu.mlagw.error.ReasonCode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How each {@link EvidenceType} is written as an ETSI REM evidence (TS 102 640-2 V2.1.1): the
 * evidence element and its event code, and how our {@link ReasonCode}s map to REM event reasons.
 * This is the one place the mapping lives; docs/auditors.md shows it as a table.
 */
public enum RemEvent {
  SUBMISSION("SubmissionAcceptanceRejection", EvidenceType.SubmissionAcceptance, "Acceptance",
      EvidenceType.SubmissionRejection, "Rejection"),
  RELAY("RelayREMMDAcceptanceRejection", EvidenceType.RelayAcceptance, "Acceptance", EvidenceType.RelayRejection,
      "Rejection"),
  DELIVERY("DeliveryNonDeliveryToRecipient", EvidenceType.Delivery, "Delivery", EvidenceType.NonDelivery,
      "NonDelivery"),
  /** We issue only Retrieval: a NonRetrieval evidence names no type of ours and is refused MALFORMED. */
  RETRIEVAL("RetrievalNonRetrievalByRecipient", EvidenceType.Retrieval, "Retrieval", null, "NonRetrieval");

  public static final String EVENT_PREFIX = "http://uri.etsi.org/REM/Event#";
  public static final String REASON_PREFIX = "http://uri.etsi.org/REM/EventReason#";

  private final String element;
  private final EvidenceType positive;
  private final String positiveEvent;
  private final EvidenceType negative;
  private final String negativeEvent;

  RemEvent(String element, EvidenceType positive, String positiveEvent, EvidenceType negative, String negativeEvent) {
    this.element = element;
    this.positive = positive;
    this.positiveEvent = positiveEvent;
    this.negative = negative;
    this.negativeEvent = negativeEvent;
  }

  /** The REM element this evidence is written as, e.g. {@code DeliveryNonDeliveryToRecipient}. */
  public String element() {
    return element;
  }

  public static RemEvent of(EvidenceType type) {
    for (RemEvent e : values()) {
      if (e.positive == type || e.negative == type) {
        return e;
      }
    }
    throw new IllegalArgumentException("no REM event for " + type);
  }

  /** The REM event code URI of {@code type}, e.g. {@code http://uri.etsi.org/REM/Event#Delivery}. */
  public static String eventCode(EvidenceType type) {
    RemEvent e = of(type);
    return EVENT_PREFIX + (e.positive == type ? e.positiveEvent : e.negativeEvent);
  }

  static Optional<RemEvent> ofElement(String localName) {
    return Arrays.stream(values()).filter(e -> e.element.equals(localName)).findFirst();
  }

  static List<String> elements() {
    return Arrays.stream(values()).map(RemEvent::element).toList();
  }

  /** The evidence type an event code of this element stands for; empty for codes we do not issue. */
  Optional<EvidenceType> typeOf(String eventCode) {
    if ((EVENT_PREFIX + positiveEvent).equals(eventCode)) {
      return Optional.of(positive);
    }
    if (negative != null && (EVENT_PREFIX + negativeEvent).equals(eventCode)) {
      return Optional.of(negative);
    }
    return Optional.empty();
  }

  List<String> eventCodes() {
    return negative == null ? List.of(EVENT_PREFIX + positiveEvent)
        : List.of(EVENT_PREFIX + positiveEvent, EVENT_PREFIX + negativeEvent);
  }

  /**
   * The REM event reason URI for one of our reason codes (a {@link ReasonCode} name). Codes that
   * name no REM reason, and unknown names, map to {@code TechnicalMalfunction}; the evidence keeps
   * our own code beside it, in the reason's Details.
   */
  public static String reasonUri(String reasonCode) {
    ReasonCode code;
    try {
      code = ReasonCode.valueOf(reasonCode);
    } catch (IllegalArgumentException e) {
      return REASON_PREFIX + "TechnicalMalfunction";
    }
    return REASON_PREFIX + switch (code) {
      case SIGNATURE_INVALID, DIGEST_MISMATCH, ENTRY_NOT_IN_MANIFEST, CERT_UNTRUSTED, KEY_USAGE ->
          "InvalidUserSignature";
      case CERT_EXPIRED, CERT_REVOKED -> "UserCertExpiredOrRevoked";
      case MALFORMED, ENVELOPE_TAMPERED, NOT_FOR_THIS_RECIPIENT, DUPLICATE_ENTRY, PATH_TRAVERSAL, TOO_LARGE,
          DOCUMENT_CHANGED, INPUT_INVALID, REQUEST_INVALID, LINK_REFUSED -> "InvalidMessageFormat";
      case POLICY_DENIED, ALGORITHM_REFUSED, EXCHANGE_MISMATCH, PEER_UNTRUSTED -> "PolicyViolation";
      case PARTICIPANT_UNKNOWN -> "UnknownRecipient";
      case NO_ROUTE -> "R_REMMD_NotIdentified";
      case PEER_UNREACHABLE, DELIVERY_DEADLINE_PASSED -> "R_REMMD_Unreachable";
      case DELIVERY_REFUSED -> "RecipientRejection";
      default -> "TechnicalMalfunction";
    };
  }
}
