package eu.mlagw.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One participant in the directory: identity, where its certificates and (for participants hosted
 * by this gateway) its keystores are, and for others the id of the peer gateway hosting it. Paths
 * are absolute (resolved against the config folder). {@code languages} (first = preferred; never
 * empty) and {@code profile} (a file of mappings/profiles/) decide how requests are rendered for it.
 */
public record ParticipantConfig(
    String id, String name, String country, String kind,
    Path sealCertificate, Path encryptionCertificate,
    Optional<Path> sealKeystore, Optional<Path> encryptionKeystore, Optional<String> gateway,
    List<String> languages, String profile) {
  /** The profile of participants that declare none: metadata.xml itself. */
  public static final String DEFAULT_PROFILE = "canonical-xml";
  private static final Map<String, String> COUNTRY_LANGUAGE = Map.ofEntries(Map.entry("AL", "sq"),
      Map.entry("XK", "sq"), Map.entry("RS", "sr-Latn"), Map.entry("ME", "sr-Latn"), Map.entry("BA", "bs"),
      Map.entry("MK", "mk"), Map.entry("HR", "hr"), Map.entry("SI", "sl"), Map.entry("DE", "de"),
      Map.entry("AT", "de"), Map.entry("IT", "it"), Map.entry("FR", "fr"), Map.entry("NL", "nl"));

  public ParticipantConfig {
    languages = languages == null || languages.isEmpty() ? defaultLanguages(country) : List.copyOf(languages);
    profile = profile == null ? DEFAULT_PROFILE : profile;
  }

  /** Without languages and profile: the country's language (then en) and {@link #DEFAULT_PROFILE}. */
  public ParticipantConfig(String id, String name, String country, String kind, Path sealCertificate,
      Path encryptionCertificate, Optional<Path> sealKeystore, Optional<Path> encryptionKeystore,
      Optional<String> gateway) {
    this(id, name, country, kind, sealCertificate, encryptionCertificate, sealKeystore, encryptionKeystore, gateway,
        null, null);
  }

  /** The default languages of a country: its official language of the region, then en (en alone if unknown). */
  public static List<String> defaultLanguages(String country) {
    String lang = country == null ? null : COUNTRY_LANGUAGE.get(country);
    return lang == null ? List.of("en") : List.of(lang, "en");
  }

  public boolean isHosted() {
    return sealKeystore.isPresent() || encryptionKeystore.isPresent();
  }
}
