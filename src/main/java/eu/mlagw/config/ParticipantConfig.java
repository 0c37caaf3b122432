package eu.mlagw.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One participant in the directory: identity, where its certificates and (for participants hosted
 * by this gateway) its keystores are, and for others the id of the peer gateway hosting it. Paths
 * are absolute (resolved against the config folder).
 *
 * <p>{@code maySendTo} and {@code mayReceiveFrom} are the exchange policy: participant ids, a
 * prefix ending in {@code *} ({@code RS-*}: anyone in Serbia) or {@code *} (anyone). {@code
 * delivery} is how a hosted participant receives (the inbox folder, a REST or a SOAP push).
 *
 * <p>{@code languages} (first = preferred; never
 * empty) and {@code profile} (a file of mappings/profiles/) decide how requests are rendered for it.
 */
public record ParticipantConfig(
    String id, String name, String country, String kind,
    Path sealCertificate, Path encryptionCertificate,
    Optional<Path> sealKeystore, Optional<Path> encryptionKeystore, Optional<String> gateway,
    List<String> maySendTo, List<String> mayReceiveFrom, DeliveryChannel delivery,
    List<String> languages, String profile) {

  /** Anyone: the policy when participants.yaml names none. */
  public static final List<String> ANYONE = List.of("*");
  /** The profile of participants that declare none: metadata.xml itself. */
  public static final String DEFAULT_PROFILE = "canonical-xml";
  private static final Map<String, String> COUNTRY_LANGUAGE = Map.ofEntries(Map.entry("AL", "sq"),
      Map.entry("XK", "sq"), Map.entry("RS", "sr-Latn"), Map.entry("ME", "sr-Latn"), Map.entry("BA", "bs"),
      Map.entry("MK", "mk"), Map.entry("HR", "hr"), Map.entry("SI", "sl"), Map.entry("DE", "de"),
      Map.entry("AT", "de"), Map.entry("IT", "it"), Map.entry("FR", "fr"), Map.entry("NL", "nl"));

  public ParticipantConfig {
    maySendTo = List.copyOf(maySendTo);
    mayReceiveFrom = List.copyOf(mayReceiveFrom);
    languages = languages == null || languages.isEmpty() ? defaultLanguages(country) : List.copyOf(languages);
    profile = profile == null ? DEFAULT_PROFILE : profile;
  }

  /** Without policy, channel, languages and profile: anyone, the inbox, the country's language, {@link #DEFAULT_PROFILE}. */
  public ParticipantConfig(String id, String name, String country, String kind, Path sealCertificate,
      Path encryptionCertificate, Optional<Path> sealKeystore, Optional<Path> encryptionKeystore,
      Optional<String> gateway) {
    this(id, name, country, kind, sealCertificate, encryptionCertificate, sealKeystore, encryptionKeystore, gateway,
        ANYONE, ANYONE, DeliveryChannel.INBOX_ONLY, null, null);
  }

  /** The default languages of a country: its official language of the region, then en (en alone if unknown). */
  public static List<String> defaultLanguages(String country) {
    String lang = country == null ? null : COUNTRY_LANGUAGE.get(country);
    return lang == null ? List.of("en") : List.of(lang, "en");
  }

  public boolean isHosted() {
    return sealKeystore.isPresent() || encryptionKeystore.isPresent();
  }

  /** Whether this participant's policy lets it send to {@code recipientId}. */
  public boolean maySendTo(String recipientId) {
    return matchesAny(maySendTo, recipientId);
  }

  /** Whether this participant's policy lets it receive from {@code senderId}. */
  public boolean mayReceiveFrom(String senderId) {
    return matchesAny(mayReceiveFrom, senderId);
  }

  private static boolean matchesAny(List<String> patterns, String id) {
    for (String p : patterns) {
      if (p.equals("*") || p.equals(id) || (p.endsWith("*") && id.startsWith(p.substring(0, p.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
