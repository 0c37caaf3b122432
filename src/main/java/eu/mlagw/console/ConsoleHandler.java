package eu.mlagw.console;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the console: every request is first mapped to a {@link ConsoleUser} by its client
 * certificate (refused with a page that says why otherwise, and recorded), then to its session (bound
 * to that certificate); a POST is accepted only with the session's anti-forgery token. Answers carry
 * a strict Content-Security-Policy (scripts and styles from this listener only, no inline script),
 * no caching, no framing. Runs on Undertow's worker threads.
 */
final class ConsoleHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
  static final int MAX_FORM_BYTES = 16 * 1024;
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private final ConsoleServer.Parts parts;
  private final byte[] htmx;
  private final ConsoleAccess access;
  private final ConsoleSessions sessions;
  private final OperatorPages operatorPages;
  private final AuditorPages auditorPages;
  private static final io.undertow.util.AttachmentKey<ConsoleTexts> TEXTS = io.undertow.util.AttachmentKey.create(
      ConsoleTexts.class);

  ConsoleHandler(ConsoleServer.Parts parts, byte[] htmx) {
    this.parts = parts;
    this.htmx = htmx;
    this.access = new ConsoleAccess(parts.trust(), parts.clock());
    this.sessions = new ConsoleSessions(parts.clock());
    this.operatorPages = new OperatorPages(parts.desk(), parts.monitoring(), parts.clock());
    this.auditorPages = new AuditorPages(parts.auditor(), parts.reports(), parts.clock());
  }

  /** One request as the pages see it. */
  record Request(HttpServerExchange exchange, ConsoleUser user, ConsoleSessions.Session session,
      Map<String, String> form, ConsoleTexts texts) {
    String param(String name) {
      return exchange.getQueryParameters().containsKey(name) ? exchange.getQueryParameters().get(name).getFirst()
          : form.get(name);
    }
  }

  @Override
  public void handleRequest(HttpServerExchange x) throws Exception {
    if (x.isInIoThread()) {
      x.dispatch(this);
      return;
    }
    x.startBlocking();
    headers(x);
    String path = x.getRelativePath();
    if (path.equals(Layout.CSS_PATH)) {
      send(x, 200, "text/css; charset=utf-8", Layout.CSS.getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.equals(Layout.HTMX_PATH)) {
      send(x, 200, "text/javascript; charset=utf-8", htmx);
      return;
    }
    List<X509Certificate> chain = clientChain(x);
    ConsoleUser user;
    try {
      user = access.user(chain);
    } catch (GatewayException e) {
      refuse(x, chain, e, 403, new ConsoleTexts(parts.messages(), ConsoleTexts.fromAcceptLanguage(
          x.getRequestHeaders().getFirst(Headers.ACCEPT_LANGUAGE))).t("refused"));
      return;
    }
    ConsoleSessions.Session session = sessions.open(cookie(x), user.fingerprint());
    if (!session.id.equals(cookie(x))) {
      x.getResponseHeaders().add(Headers.SET_COOKIE, ConsoleSessions.COOKIE + "=" + session.id
          + "; Path=/; Secure; HttpOnly; SameSite=Strict");
    }
    Map<String, String> form = Map.of();
    if (Methods.POST.equals(x.getRequestMethod())) {
      form = readForm(x);
      if (form == null) {
        page(x, 413, "Too large", user, "<p class=\"error\">The form is larger than " + MAX_FORM_BYTES + " bytes.</p>");
        return;
      }
      if (!session.acceptsToken(form.get("csrf"))) {
        GatewayException forged = new GatewayException(ReasonCode.CONSOLE_FORM_FORGED, "the form sent to " + path
            + " did not carry this session's anti-forgery token; nothing was done. Reload the page and act again "
            + "from it");
        refuse(x, chain, forged, 403, "Form refused");
        return;
      }
    } else if (!Methods.GET.equals(x.getRequestMethod()) && !Methods.HEAD.equals(x.getRequestMethod())) {
      x.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD, POST");
      page(x, 405, "Not allowed", user, "<p>Only GET and POST.</p>");
      return;
    }
    String lang = x.getQueryParameters().containsKey("lang") ? x.getQueryParameters().get("lang").getFirst() : null;
    if (lang != null && ConsoleTexts.LANGUAGES.containsKey(lang)) {
      session.language(lang);
    }
    ConsoleTexts texts = new ConsoleTexts(parts.messages(), session.language() != null ? session.language()
        : ConsoleTexts.fromAcceptLanguage(x.getRequestHeaders().getFirst(Headers.ACCEPT_LANGUAGE)));
    x.putAttachment(TEXTS, texts);
    Request r = new Request(x, user, session, form, texts);
    try {
      route(r, path);
    } catch (GatewayException e) {
      page(x, e.reason() == ReasonCode.INPUT_INVALID ? 400 : 409, "Not done", user, new Html()
          .raw("<p class=\"error\" role=\"alert\"><code>").text(e.reason().name()).raw("</code> ").text(e.getMessage())
          .raw("</p>").toString());
    }
  }

  private void route(Request r, String path) throws GatewayException, IOException {
    HttpServerExchange x = r.exchange();
    boolean operator = r.user().is(ConsoleRole.OPERATOR);
    if (path.equals("/") && operator) {
      page(x, 200, r.texts().t("dashboard"), r.user(), operatorPages.dashboard(r.texts()));
    } else if (path.equals("/") && r.user().is(ConsoleRole.AUDITOR)) {
      redirect(x, "/audit");
    } else if (path.startsWith("/exchanges/") && operator) {
      exchanges(r, path.substring("/exchanges/".length()));
    } else if (path.equals("/audit") || path.startsWith("/audit/")) {
      if (!r.user().is(ConsoleRole.AUDITOR)) {
        roleMissing(r, "auditor");
        return;
      }
      auditorPages.handle(r, path, this);
    } else if (path.startsWith("/exchanges/") || path.equals("/")) {
      roleMissing(r, "operator");
    } else {
      page(x, 404, "Not found", r.user(), "<p>There is no such page. <a href=\"/\">Start page</a></p>");
    }
  }

  private void roleMissing(Request r, String role) throws IOException {
    page(r.exchange(), 403, "Not for your role", r.user(), new Html().raw("<p class=\"refused\">").text("This page is "
        + "for the " + role + " role; your certificate " + r.user().name() + " does not carry its key purpose.")
        .raw("</p>").toString());
  }

  private void exchanges(Request r, String rest) throws GatewayException, IOException {
    HttpServerExchange x = r.exchange();
    String[] parts = rest.split("/", -1);
    String id = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
    Optional<ExchangeDesk.ExchangeView> view = this.parts.desk().exchange(id);
    if (view.isEmpty()) {
      page(x, 404, "Unknown exchange", r.user(), new Html().raw("<p class=\"error\">").text("No exchange " + id
          + " in the drop folders of this gateway.").raw("</p>").toString());
      return;
    }
    if (parts.length == 1 && !Methods.POST.equals(x.getRequestMethod())) {
      String done = r.param("done");
      String notice = "retry".equals(done) ? "Retry requested: the next attempt starts within moments. Recorded with "
          + "your name and reason." : "give-up".equals(done) ? "Given up: the sender gets a NonDelivery. Recorded "
          + "with your name and reason." : null;
      page(x, 200, "Exchange " + id, r.user(), operatorPages.exchange(view.get(), r.session().csrf, notice, null, r.texts()));
    } else if (parts.length == 2 && Methods.POST.equals(x.getRequestMethod())
        && (parts[1].equals("retry") || parts[1].equals("give-up"))) {
      String reason = r.form().getOrDefault("reason", "").strip();
      if (reason.isEmpty() || reason.length() > 500) {
        page(x, 400, "Exchange " + id, r.user(), operatorPages.exchange(view.get(), r.session().csrf, null,
            "Give a reason (up to 500 characters): it is recorded with the action.", r.texts()));
        return;
      }
      try {
        if (parts[1].equals("retry")) {
          this.parts.desk().retryNow(id, r.user().name(), reason);
        } else {
          this.parts.desk().giveUp(id, r.user().name(), reason);
        }
      } catch (GatewayException e) {
        page(x, 409, "Exchange " + id, r.user(), operatorPages.exchange(this.parts.desk().exchange(id)
            .orElse(view.get()), r.session().csrf, null, e.reason() + ": " + e.getMessage(), r.texts()));
        return;
      }
      redirect(x, "/exchanges/" + Html.url(id) + "?done=" + parts[1]);
    } else if (parts.length == 3 && parts[1].equals("evidences")) {
      String name = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
      for (Path p : view.get().evidences()) {
        if (p.getFileName().toString().equals(name)) {
          x.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\""
              + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
          sendFile(x, "application/octet-stream", p);
          return;
        }
      }
      page(x, 404, "Unknown evidence", r.user(), "<p>No such evidence of this exchange.</p>");
    } else {
      page(x, 404, "Not found", r.user(), "<p>There is no such page.</p>");
    }
  }

  /** Refuses the request with a page naming the reason code and what to do; the refusal is recorded. */
  private void refuse(HttpServerExchange x, List<X509Certificate> chain, GatewayException why, int status,
      String title) throws IOException {
    String client = chain.isEmpty() ? "no client certificate" : chain.get(0).getSubjectX500Principal().getName();
    try {
      parts.auditor().refused(client, "web console " + x.getRequestMethod() + " " + x.getRelativePath(), why);
    } catch (RuntimeException e) {
      LOG.warn("cannot record the console's refusal of {}: {}", client, e.toString());
    }
    LOG.warn("web console: {} refused ({}): {}", client, why.reason(), why.getMessage());
    page(x, status, title, null, new Html().raw("<div class=\"refused\" role=\"alert\"><p><strong>")
        .text(title).raw("</strong> — reason code <code id=\"reason-code\">").text(why.reason().name())
        .raw("</code></p><p id=\"why\">").text(why.getMessage()).raw("</p></div>").toString());
  }

  void page(HttpServerExchange x, int status, String title, ConsoleUser user, String body) throws IOException {
    ConsoleTexts texts = x.getAttachment(TEXTS);
    if (texts == null) { // refused before a session: the browser's language
      texts = new ConsoleTexts(parts.messages(), ConsoleTexts.fromAcceptLanguage(
          x.getRequestHeaders().getFirst(Headers.ACCEPT_LANGUAGE)));
    }
    send(x, status, "text/html; charset=utf-8", Layout.page(title, user, parts.gatewayId(), body, texts)
        .getBytes(StandardCharsets.UTF_8));
  }

  static void redirect(HttpServerExchange x, String location) {
    x.setStatusCode(303);
    x.getResponseHeaders().put(Headers.LOCATION, location);
    x.endExchange();
  }

  /**
   * Streams {@code file} (never read whole into memory). The drop folders are writable by their users, so a
   * link or anything but a regular file is refused (INPUT_INVALID), never followed.
   */
  static void sendFile(HttpServerExchange x, String type, Path file) throws IOException, GatewayException {
    java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(file,
        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    if (!a.isRegularFile()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, file.getFileName() + " is not a regular file (a link or "
          + "a special file is never served); remove it from the exchange folder");
    }
    try (InputStream in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      x.setStatusCode(200);
      x.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
      x.getResponseHeaders().put(Headers.CONTENT_LENGTH, a.size());
      if (!Methods.HEAD.equals(x.getRequestMethod())) {
        in.transferTo(x.getOutputStream());
      }
    }
    x.endExchange();
  }

  static void send(HttpServerExchange x, int status, String type, byte[] body) throws IOException {
    x.setStatusCode(status);
    x.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    x.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
    if (!Methods.HEAD.equals(x.getRequestMethod())) {
      x.getOutputStream().write(body);
    }
    x.endExchange();
  }

  private static void headers(HttpServerExchange x) {
    x.getResponseHeaders().put(new HttpString("Content-Security-Policy"), CSP);
    x.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
    x.getResponseHeaders().put(new HttpString("Referrer-Policy"), "no-referrer");
    x.getResponseHeaders().put(new HttpString("X-Frame-Options"), "DENY");
    x.getResponseHeaders().put(new HttpString("Strict-Transport-Security"), "max-age=31536000");
    x.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
  }

  private static List<X509Certificate> clientChain(HttpServerExchange x) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      Certificate[] chain = x.getConnection().getSslSessionInfo() == null ? null
          : x.getConnection().getSslSessionInfo().getPeerCertificates();
      if (chain != null) {
        for (Certificate c : chain) {
          if (c instanceof X509Certificate cert) {
            out.add(cert);
          }
        }
      }
    } catch (javax.net.ssl.SSLPeerUnverifiedException | io.undertow.server.RenegotiationRequiredException e) {
      return List.of();
    }
    return out;
  }

  private static String cookie(HttpServerExchange x) {
    for (String header : x.getRequestHeaders().get(Headers.COOKIE) == null ? List.<String>of()
        : x.getRequestHeaders().get(Headers.COOKIE)) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(ConsoleSessions.COOKIE + "=")) {
          return p.substring(ConsoleSessions.COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  /** The URL-encoded form of a POST, at most {@link #MAX_FORM_BYTES}; null when larger. */
  private static Map<String, String> readForm(HttpServerExchange x) throws IOException {
    byte[] body;
    try (InputStream in = x.getInputStream()) {
      body = in.readNBytes(MAX_FORM_BYTES + 1);
    }
    if (body.length > MAX_FORM_BYTES) {
      return null;
    }
    Map<String, String> form = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.putIfAbsent(k, v);
    }
    return form;
  }
}
