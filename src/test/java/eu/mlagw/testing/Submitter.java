package eu.mlagw.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a clerk does (README, "Sending: the drop folder"): copies a folder with the documents and
 * request.yaml into outbox/RECIPIENT/, then creates NAME.ready next to it.
 */
public final class Submitter {
  private Submitter() {}

  /** The name of the one document of submission {@code name}: unique, so it identifies the submission in any inbox. */
  public static String documentOf(String name) {
    return "statement-" + name + ".txt";
  }

  /** Drops submission {@code name} with one document of {@code content}; returns the submission folder. */
  public static Path drop(DropTree sender, String recipient, String name, byte[] content, String caseReference)
      throws IOException {
    Path folder = Files.createDirectories(sender.outbox(recipient).resolve(name));
    Files.write(folder.resolve(documentOf(name)), content);
    Files.writeString(folder.resolve("request.yaml"), "subject: Crash test " + name + "\ncaseReference: " + caseReference
        + "\n", StandardCharsets.UTF_8);
    Files.createFile(sender.outbox(recipient).resolve(name + ".ready"));
    return folder;
  }
}
