package eu.mlagw.routing;

import java.nio.file.Path;

/**
 * The drop-folder layout, one tree per hosted participant under the configured root:
 * <pre>
 * ROOT/PARTICIPANT/outbox/RECIPIENT/NAME/ + NAME.ready   a submission (or NAME.zip, renamed in atomically)
 * ROOT/PARTICIPANT/sent/EXCHANGE-ID/                     original/, package.p7m, status.txt, status.json
 * ROOT/PARTICIPANT/failed/NAME/                          the submission as dropped + error.txt
 * ROOT/PARTICIPANT/inbox/EXCHANGE-ID/                    documents/, metadata.xml, verification report
 * ROOT/PARTICIPANT/.work/EXCHANGE-ID/                    exchanges in progress (gateway only)
 * </pre>
 */
public record DropFolders(Path root) {
  public Path outbox(String participant) {
    return root.resolve(participant).resolve("outbox");
  }

  public Path sent(String participant) {
    return root.resolve(participant).resolve("sent");
  }

  public Path failed(String participant) {
    return root.resolve(participant).resolve("failed");
  }

  public Path inbox(String participant) {
    return root.resolve(participant).resolve("inbox");
  }

  public Path work(String participant) {
    return root.resolve(participant).resolve(".work");
  }
}
