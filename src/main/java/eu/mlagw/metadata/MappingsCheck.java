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
    List<Line> out = new ArrayList<>();
    if (!Files.isDirectory(config.directory().resolve(Mappings.FOLDER))) {
      boolean needed = config.participants().values().stream()
          .anyMatch(p -> !p.profile().equals(ParticipantConfig.DEFAULT_PROFILE));
      out.add(new Line(needed ? "ERROR" : "NOTE", "mappings/", "not present: no code lists, request forms or "
          + "recipient profiles configured" + (needed ? ", but participants.yaml names profiles" : " (every participant "
          + "gets canonical metadata.xml)") + "; copy config/mappings/ of the distribution into " + config.directory()));
      return out;
    }
    Mappings m;
    try {
      m = Mappings.load(config.directory());
    } catch (GatewayException e) {
      out.add(new Line("ERROR", "mappings/", e.getMessage()));
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
