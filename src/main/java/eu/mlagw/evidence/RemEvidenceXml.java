package eu.mlagw.evidence;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Writes and reads an {@link Evidence} as an ETSI REM evidence, TS 102 640-2 V2.1.1 (namespace
 * {@value #NS}), the form e-CODEX uses: one {@code REMEvidenceType} element per event pair
 * ({@link RemEvent}), its children in the order the schema prescribes. Fields the REM schema has no
 * place for (our free-text details) go into its {@code Extensions} element, in namespace
 * {@value Evidence#NS}.
 *
 * <p>The reader is the product's own structural check and needs no schema: it takes a parsed,
 * bounded DOM (see {@link Evidence#parse}), refuses any child element of the evidence that the
 * schema does not define or that is out of order, and requires what our evidences always carry
 * (event code, identifier, issuer, event time, sender, recipient, message details). Every refusal
 * is {@link ReasonCode#MALFORMED}. Stateless, thread-safe.
 */
final class RemEvidenceXml {
  static final String NS = "http://uri.etsi.org/02640/v2#";
  static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";
  static final String VERSION = "2.1.1";
  /** Our evidence policy (docs/auditors.md, "Evidence policy"): what our evidences attest and how. */
  static final String POLICY_ID = "urn:mlagw:evidence-policy:1";
  /** How the gateway knows the sender: the owner of the drop folder, the package sealed with its seal. */
  static final String SENDER_AUTHENTICATION = "urn:mlagw:authentication:drop-folder-and-seal";
  static final String GATEWAY_SCHEME = "urn:mlagw:gateway";
  static final String PARTICIPANT_SCHEME = "urn:mlagw:participant";
  static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";
  /** Neutral on purpose: a request's subject may name suspects, and evidences are kept and passed on. */
  static final String MESSAGE_SUBJECT = "Mutual legal assistance exchange";

  /** The children of REMEvidenceType, in the order the schema requires. */
  private static final List<String> CHILD_ORDER = List.of("EventCode", "EventReasons", "EvidenceIdentifier",
      "EvidenceIssuerPolicyID", "EvidenceIssuerDetails", "SenderAuthenticationDetails",
      "RecipientAuthenticationDetails", "EventTime", "SubmissionTime", "ReplyTo", "ReplyToAddress", "SenderDetails",
      "RecipientsDetails", "RecipientsDelegatesDetails", "EvidenceRefersToRecipient", "SenderMessageDetails",
      "NotificationMessageDetails", "ForwardedToExternalSystem", "TransactionLogInformation", "Extensions",
      "Signature");

  private RemEvidenceXml() {}

  static byte[] write(Evidence e) {
    RemEvent event = RemEvent.of(e.type());
    StringBuilder b = new StringBuilder(2048);
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    b.append('<').append(event.element()).append(" xmlns=\"").append(NS).append("\" xmlns:ds=\"").append(DSIG_NS)
        .append("\" xmlns:mlagw=\"").append(Evidence.NS).append("\" version=\"").append(VERSION).append("\">\n");
    text(b, 1, "EventCode", RemEvent.eventCode(e.type()));
    e.reasonCode().ifPresent(r -> {
      open(b, 1, "EventReasons");
      open(b, 2, "EventReason");
      text(b, 3, "Code", RemEvent.reasonUri(r));
      text(b, 3, "Details", r);
      close(b, 2, "EventReason");
      close(b, 1, "EventReasons");
    });
    text(b, 1, "EvidenceIdentifier", e.evidenceId());
    open(b, 1, "EvidenceIssuerPolicyID");
    text(b, 2, "PolicyID", POLICY_ID);
    close(b, 1, "EvidenceIssuerPolicyID");
    entity(b, 1, "EvidenceIssuerDetails", GATEWAY_SCHEME, e.issuingGateway());
    open(b, 1, "SenderAuthenticationDetails");
    text(b, 2, "AuthenticationMethod", SENDER_AUTHENTICATION);
    close(b, 1, "SenderAuthenticationDetails");
    text(b, 1, "EventTime", e.time().toString());
    submissionTime(e.exchangeId()).ifPresent(t -> text(b, 1, "SubmissionTime", t.toString()));
    entity(b, 1, "SenderDetails", PARTICIPANT_SCHEME, e.sender());
    open(b, 1, "RecipientsDetails");
    entity(b, 2, "EntityDetails", PARTICIPANT_SCHEME, e.recipient());
    close(b, 1, "RecipientsDetails");
    b.append("  <SenderMessageDetails isNotification=\"false\">\n");
    text(b, 2, "MessageSubject", MESSAGE_SUBJECT);
    text(b, 2, "UAMessageIdentifier", e.exchangeId());
    text(b, 2, "MessageIdentifierByREMMD", e.exchangeId());
    digestBase64(e.packageSha256()).ifPresent(d -> {
      indent(b, 2).append("<ds:DigestMethod Algorithm=\"").append(SHA256_URI).append("\"/>\n");
      text(b, 2, "ds:DigestValue", d);
    });
    close(b, 1, "SenderMessageDetails");
    if (!e.details().isEmpty()) {
      open(b, 1, "Extensions");
      b.append("    <Extension isCritical=\"false\">");
      b.append("<mlagw:Details>").append(escape(e.details())).append("</mlagw:Details>");
      b.append("</Extension>\n");
      close(b, 1, "Extensions");
    }
    b.append("</").append(event.element()).append(">\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The submission time carried by an exchange id: ours are UUIDv7, made when the gateway claimed
   * the submission, so their 48-bit timestamp is that moment (to the millisecond). Empty otherwise.
   */
  static Optional<Instant> submissionTime(String exchangeId) {
    try {
      UUID id = UUID.fromString(exchangeId);
      return id.version() == 7 ? Optional.of(Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Evidence read(Element root) throws GatewayException {
    RemEvent event = RemEvent.ofElement(root.getLocalName()).orElseThrow(() -> malformed("the REM evidence's "
        + "root element is not one the gateway issues (expected one of " + RemEvent.elements() + ")"));
    if (root.getAttribute("version").isEmpty()) {
      throw malformed("the REM evidence has no version attribute");
    }
    List<Element> children = checkedChildren(root);
    String code = text(child(children, "EventCode", true));
    EvidenceType type = event.typeOf(code).orElseThrow(() -> malformed("the event code is not one of "
        + event.element() + " (expected " + event.eventCodes() + ")"));
    Optional<String> reason = Optional.empty();
    Element reasons = child(children, "EventReasons", false);
    if (reasons != null) {
      Element first = firstChild(reasons, NS, "EventReason", true);
      reason = Optional.ofNullable(firstChild(first, NS, "Details", false)).map(RemEvidenceXml::text);
    }
    String gateway = address(child(children, "EvidenceIssuerDetails", true), GATEWAY_SCHEME);
    Instant time = instant(child(children, "EventTime", true));
    String sender = address(child(children, "SenderDetails", true), PARTICIPANT_SCHEME);
    Element recipients = child(children, "RecipientsDetails", true);
    String recipient = address(firstChild(recipients, NS, "EntityDetails", true), PARTICIPANT_SCHEME);
    Element message = child(children, "SenderMessageDetails", true);
    String exchangeId = text(firstChild(message, NS, "UAMessageIdentifier", true));
    Element digestMethod = firstChild(message, DSIG_NS, "DigestMethod", false);
    String sha256 = "-";
    if (digestMethod != null) {
      if (!SHA256_URI.equals(digestMethod.getAttribute("Algorithm"))) {
        throw malformed("the message digest method is not SHA-256 (" + SHA256_URI + ")");
      }
      sha256 = hexOf(text(firstChild(message, DSIG_NS, "DigestValue", true)));
    }
    String details = "";
    Element extensions = child(children, "Extensions", false);
    if (extensions != null) {
      for (Node n = extensions.getFirstChild(); n != null && details.isEmpty(); n = n.getNextSibling()) {
        if (n.getNodeType() == Node.ELEMENT_NODE && "Extension".equals(n.getLocalName())
            && NS.equals(n.getNamespaceURI())) {
          Element mine = firstChild((Element) n, Evidence.NS, "Details", false);
          details = mine == null ? "" : text(mine);
        }
      }
    }
    return new Evidence(text(child(children, "EvidenceIdentifier", true)), type, exchangeId, sender, recipient,
        gateway, time, sha256, reason, details);
  }

  /** The element children of {@code root}, each a REM element defined by the schema, in its order. */
  private static List<Element> checkedChildren(Element root) throws GatewayException {
    List<Element> out = new ArrayList<>();
    int last = -1;
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.TEXT_NODE && !n.getTextContent().isBlank()) {
        throw malformed("the REM evidence has text outside its elements");
      }
      if (n.getNodeType() != Node.ELEMENT_NODE) {
        continue;
      }
      Element el = (Element) n;
      boolean signature = "Signature".equals(el.getLocalName()) && DSIG_NS.equals(el.getNamespaceURI());
      int index = signature ? CHILD_ORDER.indexOf("Signature")
          : NS.equals(el.getNamespaceURI()) ? CHILD_ORDER.indexOf(el.getLocalName()) : -1;
      if (index < 0 || "Signature".equals(el.getLocalName()) && !signature) {
        throw malformed("the REM evidence holds an element the schema does not define (allowed, in this order: "
            + String.join(", ", CHILD_ORDER) + ")");
      }
      if (index <= last) {
        throw malformed("the REM evidence's " + el.getLocalName() + " is out of order or repeated (schema order: "
            + String.join(", ", CHILD_ORDER) + ")");
      }
      last = index;
      out.add(el);
    }
    return out;
  }

  private static Element child(List<Element> children, String name, boolean required) throws GatewayException {
    for (Element e : children) {
      if (name.equals(e.getLocalName())) {
        return e;
      }
    }
    if (required) {
      throw malformed("the REM evidence has no " + name);
    }
    return null;
  }

  private static Element firstChild(Element parent, String ns, String name, boolean required)
      throws GatewayException {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE && name.equals(n.getLocalName()) && ns.equals(n.getNamespaceURI())) {
        return (Element) n;
      }
    }
    if (required) {
      throw malformed("the REM evidence's " + parent.getLocalName() + " has no " + name);
    }
    return null;
  }

  /** The electronic address of {@code scheme} in an EntityDetails-typed element. */
  private static String address(Element entity, String scheme) throws GatewayException {
    for (Node n = entity.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE && "AttributedElectronicAddress".equals(n.getLocalName())
          && NS.equals(n.getNamespaceURI()) && scheme.equals(((Element) n).getAttribute("scheme"))) {
        String value = text((Element) n);
        if (value.isEmpty()) {
          break;
        }
        return value;
      }
    }
    throw malformed("the REM evidence's " + entity.getLocalName() + " has no AttributedElectronicAddress of scheme "
        + scheme);
  }

  private static Instant instant(Element e) throws GatewayException {
    try {
      return Instant.parse(text(e));
    } catch (DateTimeParseException x) {
      throw malformed("the REM evidence's " + e.getLocalName() + " is not a UTC date-time such as "
          + "2026-12-04T10:15:30Z");
    }
  }

  private static String hexOf(String base64) throws GatewayException {
    try {
      byte[] d = Base64.getMimeDecoder().decode(base64);
      if (d.length != 32) {
        throw malformed("the message digest value has " + d.length + " bytes; a SHA-256 has 32");
      }
      return HexFormat.of().formatHex(d);
    } catch (IllegalArgumentException x) {
      throw malformed("the message digest value is not base64");
    }
  }

  static Optional<String> digestBase64(String sha256Hex) {
    if (sha256Hex == null || !sha256Hex.matches("[0-9a-fA-F]{64}")) {
      return Optional.empty();
    }
    return Optional.of(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)));
  }

  private static String text(Element e) {
    return e.getTextContent().strip();
  }

  private static GatewayException malformed(String message) {
    return new GatewayException(ReasonCode.MALFORMED, message);
  }

  private static StringBuilder indent(StringBuilder b, int level) {
    return b.append("  ".repeat(level));
  }

  private static void open(StringBuilder b, int level, String name) {
    indent(b, level).append('<').append(name).append(">\n");
  }

  private static void close(StringBuilder b, int level, String name) {
    indent(b, level).append("</").append(name).append(">\n");
  }

  private static void text(StringBuilder b, int level, String name, String value) {
    indent(b, level).append('<').append(name).append('>').append(escape(value)).append("</").append(name)
        .append(">\n");
  }

  private static void entity(StringBuilder b, int level, String name, String scheme, String id) {
    open(b, level, name);
    indent(b, level + 1).append("<AttributedElectronicAddress scheme=\"").append(scheme).append("\">")
        .append(escape(id)).append("</AttributedElectronicAddress>\n");
    close(b, level, name);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
