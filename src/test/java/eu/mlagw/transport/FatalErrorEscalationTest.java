package eu.mlagw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A StackOverflowError (or any VirtualMachineError) inside a peer call must not be answered as a
 * SOAP fault while the node goes on: it reaches the thread's uncaught-exception handler, which
 * {@code mlagw run} sets to routing.FatalErrors (halt, exit 70). Before, CXF swallowed it.
 */
class FatalErrorEscalationTest {
  @TempDir Path dir;

  @Test
  void aStackOverflowInAPeerCallReachesTheUncaughtExceptionHandler() throws Exception {
    PeerFixture f = PeerFixture.shared();
    List<Throwable> handed = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> handed.add(e));
    try {
      Path file = Files.write(dir.resolve("package.p7m"), new byte[4096]);
      Path temp = Files.createDirectories(dir.resolve("server-tmp"));
      PackageReceiver overflowing = (metadata, received, peer) -> {
        throw new StackOverflowError("simulated");
      };
      try (PeerServer server = f.server(overflowing, temp).start();
          PeerClient client = f.client(f.senderTls)) {
        try {
          client.send(f.endpoint(server), TransferMetadata.forFile("ex-fatal", "PO-A", "PO-B", "gw-a", file), file);
        } catch (Exception | Error answered) {
          // what the sender sees does not matter here: the node is about to halt
        }
      }
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    assertEquals(1, handed.size(), "handed to the uncaught-exception handler once: " + handed);
    assertInstanceOf(StackOverflowError.class, handed.get(0));
  }
}
