package eu.mlagw.console;

/**
 * The frame of every console page: language, title, the stylesheet and htmx from this listener
 * (the Content-Security-Policy allows nothing else: no inline script or style), a skip link, the
 * navigation for the user's roles and who is signed in. Pages are complete without JavaScript;
 * htmx only refreshes the parts marked {@code hx-get}.
 */
final class Layout {
  static final String HTMX_PATH = "/static/htmx-2.0.4.min.js";
  static final String CSS_PATH = "/static/console.css";

  private Layout() {}

  /** A whole page around {@code body} (trusted markup built with {@link Html}). */
  static String page(String title, ConsoleUser user, String gatewayId, String body, ConsoleTexts t) {
    Html h = new Html();
    h.raw("<!DOCTYPE html>\n<html").attr("lang", t.language).raw("><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,\"allowEval\":false,"
            + "\"allowScriptTags\":false}'>")
        .raw("<title>").text(title + " — MLA Gateway " + gatewayId).raw("</title>")
        .raw("<link rel=\"stylesheet\" href=\"" + CSS_PATH + "\">")
        .raw("<script src=\"" + HTMX_PATH + "\" defer></script></head><body>")
        .raw("<a class=\"skip\" href=\"#main\">").text(t.t("skip")).raw("</a>")
        .raw("<header><span class=\"brand\">MLA Gateway <strong>").text(gatewayId).raw("</strong></span>");
    if (user != null) {
      h.raw("<nav aria-label=\"Main\"><ul>");
      if (user.is(ConsoleRole.OPERATOR)) {
        h.raw("<li>").link("/", t.t("nav.dashboard")).raw("</li>");
      }
      if (user.is(ConsoleRole.AUDITOR)) {
        h.raw("<li>").link("/audit", t.t("nav.audit")).raw("</li>");
      }
      h.raw("</ul></nav><span class=\"who\">").text(t.t("signedIn") + ": " + user.name()).raw(" (")
          .text(String.join(", ", user.roles().stream().map(r -> r.name().toLowerCase()).sorted().toList()))
          .raw(")</span>");
    }
    // the language switch: a plain GET form, so it works without JavaScript
    h.raw("<form class=\"lang\" method=\"get\"><label for=\"lang\">").text(t.t("language"))
        .raw("</label><select id=\"lang\" name=\"lang\">");
    ConsoleTexts.LANGUAGES.forEach((tag, name) -> h.raw("<option").attr("value", tag).attr("lang", tag)
        .raw(tag.equals(t.language) ? " selected>" : ">").text(name).raw("</option>"));
    h.raw("</select><button type=\"submit\" id=\"lang-button\">OK</button></form>");
    h.raw("</header><main id=\"main\">").raw(body).raw("</main></body></html>\n");
    return h.toString();
  }

  static final String CSS = """
      :root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --accent: #0b4f8a; --bad: #a4141b; --good: #1d6b2f; --warn: #7a4d00; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 16px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
      .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
      header { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #0b2e4f; color: #fff; }
      header a { color: #fff; } header nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
      .who { margin-left: auto; font-size: .9rem; }
      form.lang { display: flex; gap: .4rem; align-items: center; } form.lang label { display: inline; margin: 0; font-weight: 400; }
      form.lang select { width: auto; } form.lang button { margin: 0; padding: .2rem .6rem; background: #fff; color: #0b2e4f; }
      main { padding: 1rem 1.2rem 3rem; max-width: 1400px; }
      h1 { font-size: 1.5rem; margin: .4rem 0 1rem; } h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); }
      table { border-collapse: collapse; width: 100%; font-size: .92rem; }
      th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
      th { background: #eef2f6; }
      a { color: var(--accent); } a:focus, button:focus, input:focus, select:focus { outline: 3px solid #f0a000; outline-offset: 1px; }
      .state { font-weight: 600; } .bad { color: var(--bad); } .good { color: var(--good); } .warn { color: var(--warn); }
      .counts { display: flex; flex-wrap: wrap; gap: .8rem; list-style: none; padding: 0; }
      .counts li { border: 1px solid var(--line); padding: .4rem .8rem; border-radius: 4px; }
      .counts strong { font-size: 1.3rem; margin-right: .3rem; }
      .refused { border-left: 6px solid var(--bad); padding: .5rem 1rem; background: #fbeeee; }
      .notice { border-left: 6px solid var(--good); padding: .5rem 1rem; background: #eef7f0; }
      .error { border-left: 6px solid var(--bad); padding: .5rem 1rem; background: #fbeeee; }
      form.action { border: 1px solid var(--line); padding: .8rem; margin: .6rem 0; max-width: 44rem; }
      label { display: block; font-weight: 600; margin: .3rem 0; }
      input[type=text], input[type=search], input[type=datetime-local], select, textarea { font: inherit; padding: .3rem; width: 100%; max-width: 40rem; border: 1px solid #767676; }
      button { font: inherit; padding: .35rem 1rem; margin-top: .5rem; background: var(--accent); color: #fff; border: 0; border-radius: 3px; cursor: pointer; }
      button.danger { background: var(--bad); }
      pre { background: #f5f5f5; padding: .6rem; overflow-x: auto; white-space: pre-wrap; font-size: .85rem; }
      .hint { color: var(--muted); font-size: .9rem; }
      """;
}
