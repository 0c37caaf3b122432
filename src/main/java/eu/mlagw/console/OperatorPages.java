package eu.mlagw.console;

import eu.mlagw.audit.Checkpoint;
import eu.mlagw.ops.ExpiringMaterial;
import eu.mlagw.ops.NodeMonitoring;
import eu.mlagw.ops.PeerReachability;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operator's pages: the dashboard (exchanges per state, those in flight with their retry facts,
 * failed and refused ones with reason codes, peers, certificates and CRLs, cluster members, newest
 * checkpoint) and an exchange's page (timeline, evidences, status file, retry now / give up).
 */
final class OperatorPages {
  private static final List<String> IN_FLIGHT = List.of("SUBMITTED", "SEALED", "SENDING");
  private final ExchangeDesk desk;
  private final NodeMonitoring monitoring;
  private final Clock clock;

  OperatorPages(ExchangeDesk desk, NodeMonitoring monitoring, Clock clock) {
    this.desk = desk;
    this.monitoring = monitoring;
    this.clock = clock;
  }

  String dashboard(ConsoleTexts t) {
    List<ExchangeDesk.ExchangeView> all = desk.exchanges();
    Html h = new Html();
    h.raw("<h1>").text(t.t("dashboard")).raw("</h1>");
    // the live part refreshes itself every 10 s with htmx; without JavaScript the page is the same, reloaded by hand
    h.raw("<div id=\"live\" hx-get=\"/\" hx-trigger=\"every 10s\" hx-select=\"#live\" hx-swap=\"outerHTML\">");
    h.raw("<p class=\"hint\">As of ").text(Html.time(clock.instant())).raw(".</p>");
    Map<String, Integer> counts = new TreeMap<>();
    for (ExchangeDesk.ExchangeView e : all) {
      counts.merge(e.side() + " " + e.state(), 1, Integer::sum);
    }
    h.raw("<h2 id=\"states\">").text(t.t("perState")).raw("</h2>");
    if (counts.isEmpty()) {
      h.raw("<p>No exchanges yet.</p>");
    } else {
      h.raw("<ul class=\"counts\" aria-labelledby=\"states\">");
      counts.forEach((k, v) -> h.raw("<li><strong>").text(String.valueOf(v)).raw("</strong>").text(k).raw("</li>"));
      h.raw("</ul>");
    }
    h.raw("<h2>").text(t.t("inFlight")).raw("</h2>");
    List<ExchangeDesk.ExchangeView> flying = all.stream().filter(e -> "sent".equals(e.side())
        && IN_FLIGHT.contains(e.state())).toList();
    if (flying.isEmpty()) {
      h.raw("<p>Nothing in flight.</p>");
    } else {
      h.raw("<table id=\"in-flight\"><thead><tr><th scope=\"col\">Exchange</th><th scope=\"col\">Submission</th>"
          + "<th scope=\"col\">From → to</th>"
          + "<th scope=\"col\">State</th><th scope=\"col\">Attempt</th><th scope=\"col\">Last error</th>"
          + "<th scope=\"col\">Next attempt</th><th scope=\"col\">Gives up at</th></tr></thead><tbody>");
      for (ExchangeDesk.ExchangeView e : flying) {
        h.raw("<tr><td>").link("/exchanges/" + Html.url(e.exchangeId()), e.exchangeId()).raw("</td><td>")
            .text(e.submission()).raw("</td><td>").text(e.sender() + " → " + e.recipient()).raw("</td><td class=\"state\">").text(e.state())
            .raw("</td><td>").text(e.attempt() == null ? "" : String.valueOf(e.attempt())).raw("</td><td>")
            .text(e.reasonCode() == null ? "" : e.reasonCode() + ": " + e.lastError()).raw("</td><td>")
            .text(Html.time(e.nextAttempt())).raw("</td><td>").text(Html.time(e.givesUpAt())).raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    h.raw("<h2>").text(t.t("failedRefused")).raw("</h2>");
    List<ExchangeDesk.ExchangeView> failed = all.stream().filter(e -> "FAILED".equals(e.state())
        || "REFUSED".equals(e.state())).toList();
    if (failed.isEmpty()) {
      h.raw("<p>").text(t.t("none")).raw("</p>");
    } else {
      h.raw("<table id=\"failed\"><thead><tr><th scope=\"col\">Exchange</th><th scope=\"col\">From → to</th>"
          + "<th scope=\"col\">State</th><th scope=\"col\">Reason code</th><th scope=\"col\">When</th></tr></thead><tbody>");
      for (ExchangeDesk.ExchangeView e : failed) {
        h.raw("<tr><td>").link("/exchanges/" + Html.url(e.exchangeId()), e.exchangeId()).raw("</td><td>")
            .text(e.sender() + " → " + e.recipient()).raw("</td><td class=\"state bad\">").text(e.state())
            .raw("</td><td><code>").text(e.reasonCode()).raw("</code></td><td>").text(Html.time(e.updated()))
            .raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    h.raw("<h2>").text(t.t("recent")).raw("</h2>");
    List<ExchangeDesk.ExchangeView> recent = all.stream().filter(e -> !flying.contains(e) && !failed.contains(e))
        .limit(20).toList();
    if (recent.isEmpty()) {
      h.raw("<p>").text(t.t("none")).raw("</p>");
    } else {
      h.raw("<table id=\"recent\"><thead><tr><th scope=\"col\">Exchange</th><th scope=\"col\">Side</th>"
          + "<th scope=\"col\">From → to</th><th scope=\"col\">State</th><th scope=\"col\">When</th></tr></thead><tbody>");
      for (ExchangeDesk.ExchangeView e : recent) {
        h.raw("<tr><td>").link("/exchanges/" + Html.url(e.exchangeId()), e.exchangeId()).raw("</td><td>")
            .text(e.side()).raw("</td><td>").text(e.sender() + " → " + e.recipient()).raw("</td><td class=\"state\">")
            .text(e.state()).raw("</td><td>").text(Html.time(e.updated())).raw("</td></tr>");
      }
      h.raw("</tbody></table>");
    }
    peers(h, t);
    material(h, t);
    h.raw("<h2>").text(t.t("cluster")).raw("</h2><ul>");
    for (String m : desk.clusterMembers()) {
      h.raw("<li>").text(m).raw("</li>");
    }
    h.raw("</ul><h2>").text(t.t("checkpoint")).raw("</h2>");
    Optional<Checkpoint> checkpoint = monitoring.audit().flatMap(a -> a.newestCheckpoint());
    if (checkpoint.isEmpty()) {
      h.raw("<p class=\"warn\">No signed checkpoint yet.</p>");
    } else {
      Checkpoint c = checkpoint.get();
      h.raw("<p>").text("Signed at " + Html.time(c.time()) + " over " + c.size() + " events of " + c.origin() + "; "
          + monitoring.audit().get().uncovered() + " event(s) since.").raw("</p>");
    }
    h.raw("</div>");
    return h.toString();
  }

  private void peers(Html h, ConsoleTexts t) {
    h.raw("<h2>").text(t.t("peers")).raw("</h2>");
    Map<String, PeerReachability.PeerState> peers = monitoring.peers().states();
    if (peers.isEmpty()) {
      h.raw("<p>No peer gateways configured.</p>");
      return;
    }
    h.raw("<table id=\"peers\"><thead><tr><th scope=\"col\">Peer</th><th scope=\"col\">Address</th>"
        + "<th scope=\"col\">Reachable</th><th scope=\"col\">Last error</th></tr></thead><tbody>");
    for (PeerReachability.PeerState p : peers.values()) {
      h.raw("<tr><td>").text(p.peer()).raw("</td><td>").text(String.valueOf(p.url())).raw("</td><td class=\"")
          .raw(p.reachable() ? "good\">yes" : "bad\">no").raw(p.reachable() ? "" : " (since ")
          .text(p.reachable() ? "" : Html.time(p.unreachableSince())).raw(p.reachable() ? "" : ")")
          .raw("</td><td>").text(p.reachable() ? "" : p.lastError()).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }

  private void material(Html h, ConsoleTexts t) {
    h.raw("<h2>").text(t.t("material")).raw("</h2><table id=\"material\"><thead><tr><th scope=\"col\">Kind</th>"
        + "<th scope=\"col\">Use</th><th scope=\"col\">Subject</th><th scope=\"col\">Expires</th>"
        + "<th scope=\"col\">Days left</th></tr></thead><tbody>");
    Instant now = clock.instant();
    for (ExpiringMaterial.Item item : monitoring.material().items()) {
      long days = item.daysLeft(now);
      h.raw("<tr><td>").text(item.kind() == ExpiringMaterial.Kind.CRL ? "CRL" : "certificate").raw("</td><td>")
          .text(item.use()).raw("</td><td>").text(item.subject()).raw("</td><td>").text(Html.time(item.expires()))
          .raw("</td><td class=\"").raw(days < 30 ? "bad" : "good").raw("\">").text(String.valueOf(days))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    for (String unreadable : monitoring.material().unreadable()) {
      h.raw("<p class=\"bad\">").text(unreadable).raw("</p>");
    }
  }

  /** An exchange's page; {@code notice}/{@code error} report the outcome of an action just taken (may be null). */
  String exchange(ExchangeDesk.ExchangeView e, String csrf, String notice, String error, ConsoleTexts t) {
    Html h = new Html();
    h.raw("<h1>Exchange <code>").text(e.exchangeId()).raw("</code></h1>");
    if (notice != null) {
      h.raw("<p class=\"notice\" role=\"status\">").text(notice).raw("</p>");
    }
    if (error != null) {
      h.raw("<p class=\"error\" role=\"alert\">").text(error).raw("</p>");
    }
    h.raw("<div id=\"facts\" hx-get=\"/exchanges/").raw(Html.escape(Html.url(e.exchangeId())))
        .raw("\" hx-trigger=\"every 10s\" hx-select=\"#facts\" hx-swap=\"outerHTML\">");
    h.raw("<table class=\"facts\"><tbody>");
    row(h, "State", e.state());
    row(h, "Side", "sent".equals(e.side()) ? "sent by a participant hosted here" : "received for a participant hosted here");
    row(h, "From", e.sender());
    row(h, "To", e.recipient());
    row(h, "Submission", e.submission());
    row(h, "Case references", String.join(", ", e.caseReferences()));
    if (e.attempt() != null) {
      row(h, "Attempt", String.valueOf(e.attempt()));
      row(h, "Last error", e.reasonCode() + ": " + e.lastError());
      row(h, "Next attempt", Html.time(e.nextAttempt()));
      row(h, "Gives up at", Html.time(e.givesUpAt()));
    } else if (e.reasonCode() != null) {
      row(h, "Reason code", e.reasonCode());
    }
    h.raw("</tbody></table>");
    h.raw("<h2>").text(t.t("timeline")).raw("</h2>");
    if (e.steps().isEmpty()) {
      h.raw("<p>No steps recorded.</p>");
    } else {
      h.raw("<ol id=\"timeline\">");
      for (ExchangeDesk.Step s : e.steps()) {
        h.raw("<li><time>").text(Html.time(s.at())).raw("</time> <span class=\"state\">").text(s.state())
            .raw("</span> ").text(s.text()).raw("</li>");
      }
      h.raw("</ol>");
    }
    h.raw("</div>");
    if (e.waiting()) {
      String id = Html.escape(Html.url(e.exchangeId()));
      h.raw("<h2>").text(t.t("actOnIt")).raw("</h2><p class=\"hint\">Each action is recorded in the audit log with your name and the "
          + "reason you give.</p>");
      action(h, id, "retry", t.t("retryButton"), "retry-reason", t.t("retryLabel"), csrf, "");
      action(h, id, "give-up", t.t("giveUpButton"), "give-up-reason", t.t("giveUpLabel"), csrf, " class=\"danger\"");
    }
    h.raw("<h2>").text(t.t("evidences")).raw("</h2>");
    if (e.evidences().isEmpty()) {
      h.raw("<p>None yet.</p>");
    } else {
      h.raw("<ul id=\"evidences\">");
      for (Path p : e.evidences()) {
        String name = p.getFileName().toString();
        h.raw("<li>").link("/exchanges/" + Html.url(e.exchangeId()) + "/evidences/" + Html.url(name), name)
            .raw("</li>");
      }
      h.raw("</ul><p class=\"hint\">Each evidence is a CMS signature by the issuing gateway; verify one with "
          + "<code>mlagw evidence verify FILE</code>.</p>");
    }
    h.raw("<h2>").text(t.t("statusFile")).raw("</h2><pre id=\"status-file\">").text(e.statusText()).raw("</pre>");
    return h.toString();
  }

  private static void action(Html h, String id, String action, String button, String field, String label, String csrf,
      String buttonClass) {
    h.raw("<form class=\"action\" method=\"post\" action=\"/exchanges/").raw(id).raw("/").raw(action).raw("\">")
        .raw("<input type=\"hidden\" name=\"csrf\"").attr("value", csrf).raw(">")
        .raw("<label for=\"").raw(field).raw("\">").text(label).raw("</label>")
        .raw("<input type=\"text\" id=\"").raw(field).raw("\" name=\"reason\" required maxlength=\"500\">")
        .raw("<button type=\"submit\" id=\"").raw(action).raw("-button\"").raw(buttonClass).raw(">").text(button)
        .raw("</button></form>");
  }

  private static void row(Html h, String name, String value) {
    h.raw("<tr><th scope=\"row\">").text(name).raw("</th><td>").text(value).raw("</td></tr>");
  }
}
