package eu.mlagw.metadata;

import java.util.List;

/**
 * A recipient profile from {@code config/mappings/profiles/NAME.yaml}: the output format
 * ({@code canonical-xml}, {@code json} or {@code xml}), for XML the root element and namespace,
 * the canonical fields the recipient requires, and the field mappings. Validated at load.
 */
public record Profile(String name, Format format, String root, String namespace, List<String> requires,
    List<FieldMapping> fields) {

  /** Output format. */
  public enum Format {
    /** metadata.xml itself (mlagw-request-1.xsd); a profile of this format has no fields. */
    CANONICAL_XML,
    JSON,
    XML
  }

  public Profile {
    requires = List.copyOf(requires);
    fields = List.copyOf(fields);
  }
}
