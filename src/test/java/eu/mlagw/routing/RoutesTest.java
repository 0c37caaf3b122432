package eu.mlagw.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped routes/*.camel.yaml files themselves, loaded into a Camel context with beans that
 * record what the routes ask of them: which step runs in which order, which failures are retried,
 * and that every failure ends with the submission returned. (The real beans are exercised through
 * the same files by GatewayNodeTest and TwoGatewaysTest.)
 */
class RoutesTest {
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger sendAttempts = new AtomicInteger();
  private volatile int unreachableAttempts;
  private volatile GatewayException policyFailure;
  private volatile String channel = "inbox";
  private volatile Error sealError;
  private final List<Integer> halts = new CopyOnWriteArrayList<>();
  private CamelContext camel;
  private final List<Submission> dueNow = new CopyOnWriteArrayList<>();

  /** Stand-ins with the method names the routes call; each records its call. */
  public final class Beans {
    public List<Submission> claimReady() {
      return List.of();
    }

    public List<Submission> due() {
      List<Submission> out = new java.util.ArrayList<>(dueNow);
      dueNow.clear();
      return out;
    }

    public int acknowledgeMarked() {
      return 0;
    }

    public Submission check(Submission s) throws GatewayException {
      calls.add("policy " + s.name());
      if (policyFailure != null) {
        throw policyFailure;
      }
      return s;
    }

    public Submission seal(Submission s) {
      calls.add("seal " + s.name());
      if (sealError != null) {
        throw sealError;
      }
      return s;
    }

    public boolean isHostedHere(Submission s) {
      return "inbox".equals(channel);
    }

    public Incoming local(Submission s) throws Exception {
      calls.add("local " + s.name());
      return new Incoming(eu.mlagw.transport.TransferMetadata.forFile(s.exchangeId(), s.sender(), s.recipient(),
          "gw-test", writeTemp()), Path.of("package.p7m"), "gw-test", null);
    }

    public Submission fileLocal(Submission s, eu.mlagw.transport.TransferReceipt receipt) {
      calls.add("file " + s.name() + " " + receipt.isAccepted());
      return s;
    }

    public Incoming pushIncoming(Incoming in) {
      calls.add("push " + in.exchangeId());
      return in;
    }

    public Submission send(Submission s) throws GatewayException {
      calls.add("send " + s.name());
      if (sendAttempts.incrementAndGet() <= unreachableAttempts) {
        throw new GatewayException(ReasonCode.PEER_UNREACHABLE, "connection refused");
      }
      return s;
    }

    public Incoming checkIncoming(Incoming in) {
      calls.add("incoming policy " + in.exchangeId());
      return in;
    }

    public Incoming open(Incoming in) {
      calls.add("open " + in.exchangeId());
      return in;
    }

    public eu.mlagw.transport.TransferReceipt acknowledge(Incoming in) {
      calls.add("acknowledge " + in.exchangeId());
      return eu.mlagw.transport.TransferReceipt.accepted(in.exchangeId(), "gw-test", "ok");
    }

    public void failed(Submission s, Throwable failure) {
      calls.add("failed " + s.name() + " " + ((GatewayException) failure).reason());
    }
  }

  @BeforeEach
  void loadTheShippedRoutes() throws Exception {
    camel = new DefaultCamelContext();
    Beans beans = new Beans();
    for (String name : RouteFiles.BEANS) {
      if (!name.equals("fatalErrors")) {
        camel.getRegistry().bind(name, beans);
      }
    }
    camel.getRegistry().bind("fatalErrors", new FatalErrors(halts::add, line -> calls.add("log " + line)));
    camel.getPropertiesComponent().addInitialProperty("mlagw.pollMillis", "50");
    camel.getPropertiesComponent().addInitialProperty("mlagw.retry.firstDelayMillis", "10");
    camel.getPropertiesComponent().addInitialProperty("mlagw.retry.maxDelayMillis", "20");
    List<Resource> files = new java.util.ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("routes"))) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".camel.yaml")).sorted()::iterator) {
        files.add(ResourceHelper.resolveResource(camel, "file:" + p.toAbsolutePath()));
      }
    }
    PluginHelper.getRoutesLoader(camel).loadRoutes(files);
    camel.start();
  }

  @AfterEach
  void stop() {
    camel.stop();
  }

  private void runExchange(String name) throws Exception {
    NotifyBuilder done = new NotifyBuilder(camel).fromRoute("sealPackage").whenDone(1).create();
    camel.createProducerTemplate().sendBody("direct:sealPackage",
        new Submission("01TEST", "AL-PG-TIRANA", "RS-HC-BELGRADE", name, Path.of("work")));
    assertTrue(done.matches(10, TimeUnit.SECONDS), "the exchange finished: " + calls);
  }

  @Test
  void theShippedFilesDefineTheDocumentedRoutes() {
    for (String id : RouteFiles.REQUIRED_ROUTES) {
      assertTrue(camel.getRoute(id) != null, "route " + id + " is defined");
    }
  }

  @Test
  void aLocalRecipientIsCheckedSealedAndDeliveredInThatOrder() throws Exception {
    runExchange("r1");
    assertEquals(List.of("policy r1", "seal r1", "local r1", "open 01TEST", "push 01TEST", "acknowledge 01TEST",
        "file r1 true"), calls, "local delivery goes through the same open -> release -> acknowledge as a peer's");
  }

  @Test
  void aRemoteRecipientGoesToThePeerAndAnUnreachablePeerGoesToTheLifecycle() throws Exception {
    channel = "peer";
    unreachableAttempts = 1;
    runExchange("r2");
    assertEquals(List.of("policy r2", "seal r2", "send r2", "failed r2 PEER_UNREACHABLE"), calls,
        "no retry inside the route: the lifecycle classifies the failure and schedules the next attempt");
  }

  @Test
  void dueExchangesAreDeliveredWhenSealedAndSealedWhenOnlyClaimed() throws Exception {
    channel = "peer";
    dueNow.add(new Submission("01A", "AL-PG-TIRANA", "RS-HC-BELGRADE", "sealed", Path.of("root/AL/sent/01A")));
    dueNow.add(new Submission("01B", "AL-PG-TIRANA", "RS-HC-BELGRADE", "claimed", Path.of("root/AL/.work/01B")));
    for (int i = 0; i < 200 && !(calls.contains("send sealed") && calls.contains("send claimed")); i++) {
      Thread.sleep(50);
    }
    assertTrue(calls.contains("send sealed") && !calls.contains("seal sealed"), calls.toString());
    assertTrue(calls.containsAll(List.of("policy claimed", "seal claimed", "send claimed")), calls.toString());
  }

  @Test
  void aPolicyRefusalIsNotRetriedAndNothingIsSealed() throws Exception {
    policyFailure = new GatewayException(ReasonCode.POLICY_DENIED, "may not send");
    runExchange("r3");
    assertEquals(List.of("policy r3", "failed r3 POLICY_DENIED"), calls);
  }

  @Test
  void aReceivedPackageIsCheckedOpenedAndAcknowledgedWithTheReceiptAsAnswer() throws Exception {
    eu.mlagw.transport.TransferMetadata m = eu.mlagw.transport.TransferMetadata.forFile("01IN", "AL-PG-TIRANA",
        "RS-HC-BELGRADE", "gw-al", writeTemp());
    Object answer = camel.createProducerTemplate().requestBody("direct:receiveFromPeer",
        new Incoming(m, Path.of("received.p7m"), "gw-al", null));
    assertEquals(List.of("incoming policy 01IN", "open 01IN", "push 01IN", "acknowledge 01IN"), calls);
    assertTrue(answer instanceof eu.mlagw.transport.TransferReceipt && ((eu.mlagw.transport.TransferReceipt) answer)
        .isAccepted());
  }

  @Test
  void anOutOfMemoryErrorInARouteHaltsTheNodeInsteadOfReturningIoError() throws Exception {
    // before: Camel wrapped the Error, the catch-all policy returned the submission as IO_ERROR and
    // the node limped on with dead shared threads
    sealError = new OutOfMemoryError("Java heap space");
    // not handled: the Error stays the exchange's failure (the node is halting, nothing is returned)
    org.junit.jupiter.api.Assertions.assertThrows(org.apache.camel.CamelExecutionException.class,
        () -> camel.createProducerTemplate().sendBody("direct:sealPackage",
            new Submission("01TEST", "AL-PG-TIRANA", "RS-HC-BELGRADE", "r5", Path.of("work"))));
    assertEquals(List.of(FatalErrors.EXIT_CODE), halts);
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("failed")), calls.toString());
    assertTrue(calls.stream().anyMatch(c -> c.startsWith("log FATAL OutOfMemoryError")), calls.toString());
  }

  private static Path writeTemp() throws Exception {
    Path f = Files.createTempFile("package", ".p7m");
    Files.write(f, new byte[] {1, 2, 3});
    f.toFile().deleteOnExit();
    return f;
  }
}
