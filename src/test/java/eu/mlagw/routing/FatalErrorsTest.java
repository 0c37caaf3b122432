package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A VirtualMachineError on a shared thread ends the node (observed through an injected halt). */
class FatalErrorsTest {
  private final List<Integer> halts = new CopyOnWriteArrayList<>();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final FatalErrors handler = new FatalErrors(halts::add, lines::add);

  private void dieOnASharedThread(Throwable e) throws InterruptedException {
    Thread t = new Thread(() -> {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw (Error) e;
    }, "mlagw-audit-commit-test-0");
    t.setUncaughtExceptionHandler(handler); // as the default handler would be for every thread
    t.start();
    t.join();
  }

  @Test
  void anOutOfMemoryErrorOnASharedThreadHaltsWithTheDocumentedCode() throws Exception {
    dieOnASharedThread(new OutOfMemoryError("Java heap space"));
    assertEquals(List.of(70), halts);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).startsWith("FATAL OutOfMemoryError on thread 'mlagw-audit-commit-test-0'"), lines.get(0));
  }

  @Test
  void aStackOverflowErrorOnASharedThreadHalts() throws Exception {
    dieOnASharedThread(new StackOverflowError());
    assertEquals(List.of(FatalErrors.EXIT_CODE), halts);
  }

  @Test
  void aWrappedVirtualMachineErrorHaltsAndAnOrdinaryFailureDoesNot() throws Exception {
    dieOnASharedThread(new IllegalStateException("a bug, not the JVM"));
    assertEquals(List.of(), halts, "an ordinary exception ends only its thread");
    handler.halt(new RuntimeException("wrapped", new OutOfMemoryError()));
    assertEquals(List.of(70), halts);
  }
}
