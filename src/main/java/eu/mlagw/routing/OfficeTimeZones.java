package eu.mlagw.routing;

import java.time.ZoneId;
import java.util.Map;

/**
 * The time zone a participant's office reads times in, from its country (participants.yaml
 * {@code country}): the receipt shows local time beside UTC. Countries not listed get the
 * gateway's system zone; "EU" (agencies) The Hague's.
 */
final class OfficeTimeZones {
  private static final Map<String, String> ZONES = Map.ofEntries(
      Map.entry("AL", "Europe/Tirane"), Map.entry("BA", "Europe/Sarajevo"), Map.entry("XK", "Europe/Belgrade"),
      Map.entry("ME", "Europe/Podgorica"), Map.entry("MK", "Europe/Skopje"), Map.entry("RS", "Europe/Belgrade"),
      Map.entry("AT", "Europe/Vienna"), Map.entry("DE", "Europe/Berlin"), Map.entry("FR", "Europe/Paris"),
      Map.entry("HR", "Europe/Zagreb"), Map.entry("IT", "Europe/Rome"), Map.entry("NL", "Europe/Amsterdam"),
      Map.entry("SI", "Europe/Ljubljana"), Map.entry("EU", "Europe/Amsterdam"));

  private OfficeTimeZones() {}

  static ZoneId of(String country) {
    String zone = country == null ? null : ZONES.get(country.toUpperCase(java.util.Locale.ROOT));
    return zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
  }
}
