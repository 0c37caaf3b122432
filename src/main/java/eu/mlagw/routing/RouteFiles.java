package eu.mlagw.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Checks the route files a node would load, without starting anything: each file parses as Camel
 * YAML, route ids are unique, the routes a node needs exist, and every {@code bean: {ref: ...}}
 * names a bean the node provides. Used by {@code mlagw config check}.
 */
public final class RouteFiles {
  /** The beans a gateway node binds for its routes (see {@link GatewayNode}). */
  public static final Set<String> BEANS = Set.of("submissionClaimer", "pendingExchanges", "exchangeLifecycle",
      "exchangePolicy", "submissionSealer", "peerSender", "reception", "recipientSystems", "retrievalRecorder",
      "fatalErrors");
  /** Routes the node itself calls into, or that every exchange passes through. */
  public static final Set<String> REQUIRED_ROUTES = Set.of("intakeDropFolder", "retryExchanges", "sealPackage",
      "deliver", "deliverToInbox", "sendToPeer", "receiveFromPeer", "openVerifyRelease", "recordRetrievals");
  private static final Pattern BEAN_REF = Pattern.compile("(?m)^\\s*ref:\\s*[\"']?([A-Za-z0-9_]+)");

  private RouteFiles() {}

  /**
   * Refuses routes a node cannot run with: CONFIG_INVALID naming every problem {@link #check} finds
   * (the same lines {@code mlagw config check} prints), so a node and the check agree.
   */
  public static void requireValid(Path dir) throws eu.mlagw.error.GatewayException {
    List<String> problems = check(dir);
    if (!problems.isEmpty()) {
      throw new eu.mlagw.error.GatewayException(eu.mlagw.error.ReasonCode.CONFIG_INVALID, "the routes in " + dir
          + " cannot run: " + String.join("; ", problems));
    }
  }

  /** Problems found, one line each naming the file; empty if the routes are fine. */
  public static List<String> check(Path dir) {
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add(dir + " does not exist; pass --routes DIR pointing at the folder with the *.camel.yaml files");
      return problems;
    }
    Set<String> ids = new HashSet<>();
    try (Stream<Path> s = Files.list(dir); DefaultCamelContext camel = new DefaultCamelContext()) {
      for (Path file : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".camel.yaml")).sorted()::iterator) {
        ModelCamelContext model = camel;
        int before = model.getRouteDefinitions().size();
        try {
          PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + file.toAbsolutePath()));
        } catch (Exception e) {
          problems.add("does not parse: " + eu.mlagw.config.YamlErrors.describe(file, e)
              + "; fix the file or restore it from the distribution");
          continue;
        }
        List<RouteDefinition> all = model.getRouteDefinitions();
        for (RouteDefinition r : all.subList(before, all.size())) {
          if (r.getRouteId() != null && !ids.add(r.getRouteId())) {
            problems.add(file + " defines route id '" + r.getRouteId() + "' a second time; route ids must be unique");
          }
        }
        Matcher m = BEAN_REF.matcher(Files.readString(file));
        while (m.find()) {
          if (!BEANS.contains(m.group(1))) {
            problems.add(file + " calls bean '" + m.group(1) + "', which a gateway node does not provide; known beans: "
                + String.join(", ", new java.util.TreeSet<>(BEANS)));
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot read " + dir + ": " + e.getMessage());
    }
    for (String id : new java.util.TreeSet<>(REQUIRED_ROUTES)) {
      if (!ids.contains(id)) {
        problems.add(dir + " has no route with id '" + id + "'; a gateway node needs it (restore it from the distribution)");
      }
    }
    return problems;
  }
}
