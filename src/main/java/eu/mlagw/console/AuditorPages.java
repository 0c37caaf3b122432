package eu.mlagw.console;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditExport;
import eu.mlagw.audit.AuditQuery;
import eu.mlagw.audit.AuditorAction;
import eu.mlagw.audit.AuditorService;
import eu.mlagw.audit.VerificationResult;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The auditor's pages: search (exchange, case, participant, person in any script, event type, time
 * range; paged), one exchange's events with its proof bundle, verification of the whole log, CSV
 * export. All through {@link AuditorService}, which records every consultation with the auditor's
 * name (their certificate's subject) and the purpose they stated — asked once per session, before
 * the first view. Shows metadata and evidences only: the audit log holds no document content.
 */
final class AuditorPages {
  static final int PAGE = 50;
  private static final List<String> FILTERS = List.of("exchange", "case", "participant", "person", "type", "from", "to");
  private final AuditorService service;
  private final SignedReports reports;
  private final Clock clock;

  AuditorPages(AuditorService service, SignedReports reports, Clock clock) {
    this.service = service;
    this.reports = reports;
    this.clock = clock;
  }

  void handle(ConsoleHandler.Request r, String path, ConsoleHandler handler) throws GatewayException, IOException {
    HttpServerExchange x = r.exchange();
    boolean post = Methods.POST.equals(x.getRequestMethod());
    if (path.equals("/audit/purpose") && post) {
      String purpose = r.form().getOrDefault("purpose", "").strip();
      if (purpose.isEmpty() || purpose.length() > 300) {
        handler.page(x, 400, "Purpose", r.user(), purposeForm(r, "State the purpose (up to 300 characters)."));
        return;
      }
      r.session().purpose(purpose);
      ConsoleHandler.redirect(x, "/audit");
      return;
    }
    if (r.session().purpose() == null) {
      handler.page(x, 200, "Purpose", r.user(), purposeForm(r, null));
      return;
    }
    AuditorAction who = AuditorAction.of(r.user().name(), r.session().purpose());
    if (path.equals("/audit")) {
      handler.page(x, 200, "Audit log", r.user(), search(r, who));
    } else if (path.equals("/audit/verify") && post) {
      handler.page(x, 200, "Verify the log", r.user(), verified(service.verify(who)));
    } else if (path.equals("/audit/verify")) {
      handler.page(x, 200, "Verify the log", r.user(), verifyForm(r));
    } else if (path.startsWith("/audit/exchanges/")) {
      String id = URLDecoder.decode(path.substring("/audit/exchanges/".length()), StandardCharsets.UTF_8);
      handler.page(x, 200, "Exchange " + id, r.user(), exchange(id, service.exchange(who, id), r.texts()));
    } else if (path.startsWith("/audit/proof/")) {
      String id = URLDecoder.decode(path.substring("/audit/proof/".length()), StandardCharsets.UTF_8);
      Path bundle = service.proof(who, id);
      try {
        x.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"proof-"
            + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".zip\"");
        ConsoleHandler.sendFile(x, "application/zip", bundle);
      } finally {
        AuditorService.discard(bundle);
      }
    } else if (path.equals("/audit/export.csv")) {
      AuditQuery query = query(r);
      x.setStatusCode(200);
      x.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/csv; charset=utf-8");
      x.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"");
      Writer out = new OutputStreamWriter(x.getOutputStream(), StandardCharsets.UTF_8);
      service.export(who, query, AuditExport.Format.CSV, out);
      out.flush();
      x.endExchange();
    } else if (path.equals("/audit/export.pdf")) {
      // the report signed with the gateway's seal, as `mlagw audit export --format pdf` writes it: the events
      // matching the search up to a checkpoint signed now, which covers the record of this export
      AuditQuery query = query(r);
      eu.mlagw.audit.VerifiedCheckpoint checkpoint = service.exportReport(who, query);
      long size = checkpoint.checkpoint().size();
      x.setStatusCode(200);
      x.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/pdf");
      x.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"audit-report.pdf\"");
      reports.write(query.summary(), who, clock.instant(), checkpoint, sink -> service.eventsUpTo(query, size, sink),
          x.getOutputStream());
      x.endExchange();
    } else {
      handler.page(x, 404, "Not found", r.user(), "<p>There is no such page.</p>");
    }
  }

  private String purposeForm(ConsoleHandler.Request r, String error) {
    Html h = new Html();
    h.raw("<h1>").text(r.texts().t("purposeTitle")).raw("</h1>");
    if (error != null) {
      h.raw("<p class=\"error\" role=\"alert\">").text(error).raw("</p>");
    }
    h.raw("<p>Every search, verification and export is recorded with your name and this purpose (Directive (EU) "
        + "2016/680, Art. 25). You state it once for this session.</p>")
        .raw("<form class=\"action\" method=\"post\" action=\"/audit/purpose\">")
        .raw("<input type=\"hidden\" name=\"csrf\"").attr("value", r.session().csrf).raw(">")
        .raw("<label for=\"purpose\">").text(r.texts().t("purposeLabel")).raw("</label>")
        .raw("<input type=\"text\" id=\"purpose\" name=\"purpose\" required maxlength=\"300\">")
        .raw("<button type=\"submit\" id=\"purpose-button\">").text(r.texts().t("continue")).raw("</button></form>");
    return h.toString();
  }

  private AuditQuery query(ConsoleHandler.Request r) throws GatewayException {
    String type = blank(r.param("type"));
    AuditEventType t = null;
    if (type != null) {
      try {
        t = AuditEventType.valueOf(type);
      } catch (IllegalArgumentException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "event type '" + type + "' is unknown; choose one from "
            + "the list");
      }
    }
    return new AuditQuery(blank(r.param("exchange")), blank(r.param("case")), blank(r.param("participant")), t, null,
        time(r.param("from"), "from"), time(r.param("to"), "to"), blank(r.param("person")));
  }

  private String search(ConsoleHandler.Request r, AuditorAction who) throws GatewayException {
    Html h = new Html();
    h.raw("<h1>").text(r.texts().t("auditLog")).raw("</h1><p class=\"hint\">").text(r.texts().t("sessionPurpose")
        + ": " + r.session().purpose()).raw(" · ").link("/audit/verify", r.texts().t("verifyTitle")).raw("</p>");
    h.raw("<form method=\"get\" action=\"/audit\" class=\"action\" role=\"search\">");
    ConsoleTexts t = r.texts();
    field(h, r, "exchange", t.t("f.exchange"));
    field(h, r, "case", t.t("f.case"));
    field(h, r, "participant", t.t("f.participant"));
    field(h, r, "person", t.t("f.person"));
    h.raw("<label for=\"type\">").text(t.t("f.type")).raw("</label><select id=\"type\" name=\"type\"><option value=\"\">")
        .text(t.t("f.any")).raw("</option>");
    for (AuditEventType type : AuditEventType.values()) {
      h.raw("<option").attr("value", type.name()).raw(type.name().equals(r.param("type")) ? " selected>" : ">")
          .text(type.name()).raw("</option>");
    }
    h.raw("</select>");
    h.raw("<label for=\"from\">").text(t.t("f.from")).raw("</label><input type=\"datetime-local\" id=\"from\" name=\"from\"")
        .attr("value", value(r, "from")).raw(">");
    h.raw("<label for=\"to\">").text(t.t("f.to")).raw("</label><input type=\"datetime-local\" id=\"to\" name=\"to\"")
        .attr("value", value(r, "to")).raw(">");
    h.raw("<button type=\"submit\" id=\"search-button\">").text(r.texts().t("search")).raw("</button></form>");
    boolean asked = FILTERS.stream().anyMatch(f -> blank(r.param(f)) != null) || "1".equals(r.param("all"));
    if (!asked) {
      h.raw("<p>").link("/audit?all=1", t.t("showAll")).raw("</p>");
      return h.toString();
    }
    AuditQuery query = query(r);
    long after = -1;
    if (blank(r.param("after")) != null) {
      try {
        after = Long.parseLong(r.param("after"));
      } catch (NumberFormatException e) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "the page position '" + r.param("after") + "' is not a "
            + "number; use the Next page link");
      }
    }
    AuditorService.Page page = service.events(who, query, after, PAGE);
    String filters = filterQuery(r);
    h.raw("<h2>Events</h2><p>").link("/audit/export.csv?" + filters, r.texts().t("exportCsv")).raw(" · ")
        .link("/audit/export.pdf?" + filters, r.texts().t("exportPdf")).raw("</p>");
    if (page.events().isEmpty()) {
      h.raw("<p id=\"no-results\">No matching events.</p>");
      return h.toString();
    }
    h.raw("<table id=\"results\"><thead><tr><th scope=\"col\">Seq</th><th scope=\"col\">Time</th><th scope=\"col\">Type"
        + "</th><th scope=\"col\">Exchange</th><th scope=\"col\">From → to</th><th scope=\"col\">Cases</th>"
        + "<th scope=\"col\">Persons</th><th scope=\"col\">Reason</th></tr></thead><tbody>");
    for (AuditEvent e : page.events()) {
      var rec = e.record();
      h.raw("<tr><td>").text(String.valueOf(e.sequence())).raw("</td><td>").text(Html.time(e.time())).raw("</td><td>")
          .text(rec.type().name()).raw("</td><td>");
      if (rec.exchangeId() != null) {
        h.link("/audit/exchanges/" + Html.url(rec.exchangeId()), rec.exchangeId());
      }
      h.raw("</td><td>").text(rec.sender() == null ? "" : rec.sender() + " → " + rec.recipient()).raw("</td><td>")
          .text(String.join(", ", rec.caseReferences())).raw("</td><td>").text(String.join(", ", rec.persons()))
          .raw("</td><td>").text(rec.reasonCode() == null ? "" : rec.reasonCode().name()).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    if (page.nextAfterSequence() != null) {
      h.raw("<p>").link("/audit?" + filters + "&after=" + page.nextAfterSequence(), r.texts().t("nextPage")).raw("</p>");
    }
    return h.toString();
  }

  private String exchange(String id, List<AuditEvent> events, ConsoleTexts t) {
    Html h = new Html();
    h.raw("<h1>Exchange <code>").text(id).raw("</code> in the audit log</h1>");
    h.raw("<p>").link("/audit/proof/" + Html.url(id), t.t("proofBundle")).raw(" <span class=\"hint\">(check it "
        + "offline: mlagw audit verify-proof BUNDLE.zip --trust ROOT-CA.pem)</span></p>");
    h.raw("<table id=\"exchange-events\"><thead><tr><th scope=\"col\">Seq</th><th scope=\"col\">Time</th>"
        + "<th scope=\"col\">Type</th><th scope=\"col\">Reason</th><th scope=\"col\">Details</th></tr></thead><tbody>");
    for (AuditEvent e : events) {
      h.raw("<tr><td>").text(String.valueOf(e.sequence())).raw("</td><td>").text(Html.time(e.time())).raw("</td><td>")
          .text(e.record().type().name()).raw("</td><td>")
          .text(e.record().reasonCode() == null ? "" : e.record().reasonCode().name()).raw("</td><td>")
          .text(e.record().details().toString()).raw("</td></tr>");
    }
    h.raw("</tbody></table>");
    return h.toString();
  }

  private String verifyForm(ConsoleHandler.Request r) {
    return new Html().raw("<h1>").text(r.texts().t("verifyTitle")).raw("</h1><p>Recomputes every event's hash and the Merkle root of every "
        + "signed checkpoint, as <code>mlagw audit verify</code> does. The verification is recorded.</p>")
        .raw("<form class=\"action\" method=\"post\" action=\"/audit/verify\"><input type=\"hidden\" name=\"csrf\"")
        .attr("value", r.session().csrf).raw("><button type=\"submit\" id=\"verify-button\">").text(r.texts().t("verifyButton"))
        .raw("</button></form>")
        .toString();
  }

  private String verified(VerificationResult v) {
    Html h = new Html().raw("<h1>Verify the audit log</h1>");
    h.raw(v.ok() ? "<p class=\"notice\" id=\"verify-result\">" : "<p class=\"error\" id=\"verify-result\">")
        .text(v.summary()).raw("</p><p>").text(v.eventsChecked() + " events and " + v.checkpointsChecked()
            + " signed checkpoints checked at " + Html.time(clock.instant()) + ".").raw("</p>");
    return h.toString();
  }

  private static void field(Html h, ConsoleHandler.Request r, String name, String label) {
    h.raw("<label for=\"").raw(name).raw("\">").text(label).raw("</label><input type=\"search\" id=\"").raw(name)
        .raw("\" name=\"").raw(name).raw("\" maxlength=\"200\"").attr("value", value(r, name)).raw(">");
  }

  private static String value(ConsoleHandler.Request r, String name) {
    String v = r.param(name);
    return v == null ? "" : v;
  }

  private static String filterQuery(ConsoleHandler.Request r) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String f : FILTERS) {
      if (blank(r.param(f)) != null) {
        given.put(f, r.param(f));
      }
    }
    StringBuilder q = new StringBuilder("all=1");
    given.forEach((k, v) -> q.append('&').append(k).append('=').append(Html.url(v)));
    return q.toString();
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static Instant time(String s, String what) throws GatewayException {
    String v = blank(s);
    if (v == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "'" + v + "' in '" + what + "' is not a date and time; "
          + "write it as 2026-03-01T14:30 (UTC)");
    }
  }
}
