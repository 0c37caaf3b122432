package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.mlagw.transport.TransferMetadata;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * An OutOfMemoryError while a received package is opened is the node's failure, not the package's:
 * it leaves {@link RoutedReception} as the Error (for the node to halt and the sender to retry), and
 * is never turned into an IO_ERROR refusal, which the sender would take as final (issue 10).
 */
class RoutedReceptionOutOfMemoryTest {
  /** A route step that fails as a cover sheet did at -Xmx128m with per-thread fonts. */
  public static final class RunsOutOfMemory {
    public Object open(Object body) {
      throw new OutOfMemoryError("Java heap space (test)");
    }
  }

  @Test
  void anOutOfMemoryErrorInTheRouteIsNotARefusal() throws Exception {
    try (CamelContext camel = new DefaultCamelContext()) {
      camel.addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          // a bean step, as in routes/receive-from-peer.camel.yaml: Camel calls it by reflection
          from(RoutedReception.ENDPOINT).bean(new RunsOutOfMemory(), "open");
        }
      });
      camel.getShutdownStrategy().setTimeout(1); // the failed exchange stays counted in flight after the Error
      camel.start();
      // no lifecycle: reaching it (the refusal path) fails the test with an NPE
      RoutedReception reception = new RoutedReception(camel.createProducerTemplate(), new ExchangeLocks() {
        @Override
        public <T> T withLock(String exchangeId, Locked<T> work) throws eu.mlagw.error.GatewayException {
          return work.run();
        }
      }, null, "gw-test", new NodeStop());
      TransferMetadata metadata = new TransferMetadata("01JBURSTOOM0000000000000000", "AL-PG-TIRANA",
          "RS-HC-BELGRADE", "gw-al", "0".repeat(64), 1);
      OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class,
          () -> reception.receive(metadata, Path.of("unused.part"), "gw-al"));
      assertEquals("Java heap space (test)", thrown.getMessage());
    }
  }
}
