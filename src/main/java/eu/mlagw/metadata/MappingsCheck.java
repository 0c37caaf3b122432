package eu.mlagw.metadata;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata part of {@code mlagw config check}: loads mappings/ (code lists, messages, profiles —
 * every label in every language, every profile complete) and checks that each participant's profile
 * exists and its languages are configured. Severities: ERROR, WARNING, NOTE (information), OK. Returns report lines; never throws for a finding.
 */
public final class MappingsCheck {
  /** One report line: ERROR, WARNING or OK, what it is about, and the finding (with the fix for errors). */
  public record Line(String severity, String subject, String message) {
    @Override
    public String toString() {
      return String.format("%-7s %-22s %s", severity, subject, message);
    }

    public boolean isError() {
      return severity.equals("ERROR");
    }
  }

  private MappingsCheck() {}

  public static List<Line> run(GatewayConfig config) {
    return run(config, System.getenv());
  }

  /**
   * As {@link #run(GatewayConfig)}, with MLAGW_HOME from {@code environment}: the mappings checked are
   * those a node would load ({@link Mappings#sourceFor}) — the configuration's own, or the shipped
   * ones it falls back to (a NOTE, as the node's INFO line), or none (an ERROR: a node refuses to start).
   */
  public static List<Line> run(GatewayConfig config, java.util.Map<String, String> environment) {
    List<Line> out = new ArrayList<>();
    Mappings.Source source = Mappings.sourceFor(config.directory(), environment);
    if (source.shipped()) {
      out.add(new Line("NOTE", "mappings/", "not present in " + config.directory() + ": a node uses the mappings "
          + "shipped in " + source.configDir().resolve(Mappings.FOLDER) + " (checked below); copy them into the "
          + "configuration folder to adapt them"));
    } else if (!Files.isDirectory(config.directory().resolve(Mappings.FOLDER))) {
      out.add(new Line("ERROR", "mappings/", "CONFIG_INVALID: not present in " + config.directory() + " and none "
          + "shipped in $MLAGW_HOME/config/mappings: mlagw run refuses to start; copy config/mappings/ of the "
          + "distribution (languages.yaml, codelists/, messages/, profiles/) into the configuration folder"));
      return out;
    }
    Mappings m;
    try {
      m = Mappings.load(source.configDir());
    } catch (GatewayException e) {
      out.add(new Line("ERROR", "mappings/", e.reason() + ": " + e.getMessage()));
      return out;
    }
    out.add(new Line("OK", "mappings/", m.languages().size() + " languages, " + m.codeLists().names().size()
        + " code lists with every label, profiles " + m.profileNames()));
    for (ParticipantConfig p : config.participants().values()) {
      if (m.profile(p.profile()).isEmpty()) {
        out.add(new Line("ERROR", p.id(), "profile '" + p.profile() + "' is not in mappings/profiles/ (known: "
            + m.profileNames() + "); fix profile: in participants.yaml or add the profile file"));
      }
      for (String lang : p.languages()) {
        if (!m.languages().contains(lang)) {
          out.add(new Line("ERROR", p.id(), "language '" + lang + "' is not in mappings/languages.yaml " + m.languages()
              + "; fix languages: in participants.yaml or add the language (labels and messages)"));
        }
      }
    }
    return out;
  }
}
