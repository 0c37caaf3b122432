package eu.mlagw.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Waits for an exchange to settle in a drop folder: an entry exists, no state change of it is half
 * done ({@code .transition.json}), and — for an exchange in sent/ — it is no longer being sealed or
 * sent (sent/ID appears at sealing, with state SEALED or SENDING, before it is delivered).
 */
public final class DropFolderWait {
  private static final Set<String> UNSETTLED = Set.of("SUBMITTED", "SEALED", "SENDING");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DropFolderWait() {}

  public static Path awaitSettled(Path dir, long timeoutMillis) throws Exception {
    long until = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < until) {
      if (Files.isDirectory(dir)) {
        try (var s = Files.list(dir)) {
          List<Path> items = s.filter(x -> !x.getFileName().toString().startsWith(".")).toList();
          for (Path item : items) {
            if (isSettled(item)) {
              return item;
            }
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing settled in " + dir + " within " + timeoutMillis + " ms");
  }

  public static boolean isSettled(Path item) throws Exception {
    if (Files.exists(item.resolve(".transition.json"))) {
      return false;
    }
    Path status = item.resolve("status.json");
    if (!Files.isDirectory(item) || !Files.exists(status)) {
      return true;
    }
    try {
      return !UNSETTLED.contains(JSON.readTree(status.toFile()).path("state").asText());
    } catch (java.io.IOException halfWritten) {
      return false;
    }
  }
}
