package eu.mlagw.metadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.List;

/**
 * The one meaning of a request or reply that the gateway carries, whatever the sender typed and
 * whatever the recipient's system wants (each recipient gets it rendered through its profile).
 * Coded fields hold codes of the code lists in {@code config/mappings/codelists/}; free text is kept
 * exactly as written, marked with its language ({@link LangText}); names of persons keep their
 * original script and carry Latin, Cyrillic and ASCII forms ({@link NameForms}).
 *
 * <p>Optional fields are {@code null} (strings, dates, texts) or empty (lists), never blank.
 * Lists are immutable. Instances are created by {@link RequestBinder} (from request.yaml/json or a
 * form), {@link MetadataXml#read} or {@link ProfileReader}; they are immutable and thread-safe.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CanonicalRequest(
    String exchangeId, String sender, String recipient, String language, String exchangeType,
    LangText subject, String caseReference, String recipientCaseReference, String inReplyTo, String legalBasis,
    String issuingAuthority, String executingAuthority, String urgency, LocalDate deadline,
    List<String> offences, LangText offenceDescription, List<Person> persons, List<String> measures,
    LangText measureDescription, List<String> handlingCodes, LangText handlingConditions,
    String confidentiality, List<DocumentRef> documents) {

  public CanonicalRequest {
    offences = offences == null ? List.of() : List.copyOf(offences);
    persons = persons == null ? List.of() : List.copyOf(persons);
    measures = measures == null ? List.of() : List.copyOf(measures);
    handlingCodes = handlingCodes == null ? List.of() : List.copyOf(handlingCodes);
    documents = documents == null ? List.of() : List.copyOf(documents);
  }

  /** Free text exactly as written, with the language it is written in (a tag of languages.yaml). */
  public record LangText(String text, String lang) {}

  /** A person concerned: role code, name in all scripts, optional birth date and nationality (ISO 3166 alpha-2). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Person(String role, NameForms name, LocalDate birthDate, String nationality) {}

  /** A document of the submission: file name (relative to the submission folder), role code, language, SHA-256 (hex) once known. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record DocumentRef(String file, String role, String language, String sha256) {}

  /** The case references the request names: the sender's, then the recipient's (blank ones left out). */
  public List<String> caseReferences() {
    List<String> cases = new java.util.ArrayList<>(2);
    for (String ref : new String[] {caseReference, recipientCaseReference}) {
      if (ref != null && !ref.isBlank()) {
        cases.add(ref);
      }
    }
    return List.copyOf(cases);
  }

  /** The same request with the exchange id set (the gateway assigns it at intake). */
  public CanonicalRequest withExchangeId(String id) {
    return new CanonicalRequest(id, sender, recipient, language, exchangeType, subject, caseReference,
        recipientCaseReference, inReplyTo, legalBasis, issuingAuthority, executingAuthority, urgency, deadline, offences,
        offenceDescription, persons, measures, measureDescription, handlingCodes, handlingConditions,
        confidentiality, documents);
  }

  /** The same request with these documents (e.g. with SHA-256 values filled in after sealing). */
  public CanonicalRequest withDocuments(List<DocumentRef> docs) {
    return new CanonicalRequest(exchangeId, sender, recipient, language, exchangeType, subject, caseReference,
        recipientCaseReference, inReplyTo, legalBasis, issuingAuthority, executingAuthority, urgency, deadline, offences,
        offenceDescription, persons, measures, measureDescription, handlingCodes, handlingConditions,
        confidentiality, docs);
  }
}
