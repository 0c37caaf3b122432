package eu.mlagw.transport;

import eu.mlagw.audit.AuditEventType;
import eu.mlagw.audit.AuditQuery;
import eu.mlagw.audit.AuditorAction;
import eu.mlagw.audit.AuditorService;
import eu.mlagw.audit.VerifiedCheckpoint;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The auditors' REST API, {@code /audit/v1/...} (see {@code openapi/mlagw-audit-api-1.yaml}): read
 * only, JSON. Each call first authenticates the auditor from the TLS client certificate
 * ({@link AuditorAuthentication}) and requires a stated {@code purpose}; a refused call is recorded
 * with who tried, an admitted one by the {@link AuditorService} it delegates to.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditApiResource {
  /** Where the API lives on its listener. */
  public static final String BASE = "/audit/v1";
  /** Largest afterSequence accepted: 2^53 - 1, the largest integer every JSON client reads exactly. */
  static final long MAX_SEQUENCE = 9_007_199_254_740_991L;
  private static final java.util.regex.Pattern WHOLE_NUMBER = java.util.regex.Pattern.compile("-?[0-9]{1,30}");
  private final AuditorService service;
  private final AuditorAuthentication authentication;

  AuditApiResource(AuditorService service, AuditorAuthentication authentication) {
    this.service = service;
    this.authentication = authentication;
  }

  @GET
  @Path("events")
  public Object events(@QueryParam("exchange") String exchange, @QueryParam("case") String caseReference,
      @QueryParam("participant") String participant, @QueryParam("type") String type,
      @QueryParam("reason") String reason, @QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("person") String person, @QueryParam("purpose") String purpose,
      @QueryParam("limit") String limit, @QueryParam("afterSequence") String afterSequence) throws GatewayException {
    AuditorAction who = caller("GET " + BASE + "/events", purpose);
    try {
      AuditQuery query = new AuditQuery(blank(exchange), blank(caseReference), blank(participant), type(type),
          reason(reason), time("from", from), time("to", to), blank(person));
      return AuditApiJson.page(service.events(who, query,
          number("afterSequence", afterSequence, -1, -1, MAX_SEQUENCE),
          (int) number("limit", limit, 100, 1, AuditorService.MAX_LIMIT)));
    } catch (GatewayException e) {
      service.refused(who.auditor(), "GET " + BASE + "/events", e);
      throw e;
    }
  }

  @GET
  @Path("exchanges/{id}")
  public Object exchange(@PathParam("id") String id, @QueryParam("purpose") String purpose) throws GatewayException {
    AuditorAction who = caller("GET " + BASE + "/exchanges/" + id, purpose);
    return AuditApiJson.events(id, service.exchange(who, id));
  }

  @GET
  @Path("exchanges/{id}/proof")
  @Produces({"application/zip", MediaType.APPLICATION_JSON})
  public Response proof(@PathParam("id") String id, @QueryParam("purpose") String purpose) throws GatewayException {
    AuditorAction who = caller("GET " + BASE + "/exchanges/" + id + "/proof", purpose);
    java.nio.file.Path bundle = service.proof(who, id);
    StreamingOutput body = out -> {
      try {
        Files.copy(bundle, out);
      } finally {
        AuditorService.discard(bundle);
      }
    };
    return Response.ok(body, "application/zip")
        .header("Content-Disposition", "attachment; filename=\"" + bundle.getFileName() + "\"").build();
  }

  @GET
  @Path("checkpoints/latest")
  public Response latestCheckpoint(@QueryParam("purpose") String purpose) throws GatewayException {
    AuditorAction who = caller("GET " + BASE + "/checkpoints/latest", purpose);
    Optional<VerifiedCheckpoint> latest = service.latestCheckpoint(who);
    if (latest.isEmpty()) {
      return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE).entity(AuditApiJson.error("INPUT_INVALID",
          "no checkpoint has been signed yet; the gateway signs one every audit.checkpointIntervalSeconds")).build();
    }
    return Response.ok(AuditApiJson.checkpoint(latest.get())).build();
  }

  @GET
  @Path("checkpoints/consistency")
  public Object consistency(@QueryParam("first") String first, @QueryParam("second") String second,
      @QueryParam("purpose") String purpose) throws GatewayException {
    AuditorAction who = caller("GET " + BASE + "/checkpoints/consistency", purpose);
    long m = number("first", first, -1, 1, MAX_SEQUENCE);
    long n = number("second", second, -1, 1, MAX_SEQUENCE);
    if (m < 0 || n < 0) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "the query parameters first and second (tree sizes) are "
          + "required: first = the size of the checkpoint you hold, second = a newer signed size");
    }
    return AuditApiJson.consistency(service.consistency(who, m, n));
  }

  @GET
  @Path("verify")
  public Object verify(@QueryParam("purpose") String purpose) throws GatewayException {
    AuditorAction who = caller("GET " + BASE + "/verify", purpose);
    return service.verify(who);
  }

  /** Authenticates the caller and checks the stated purpose; any refusal is recorded, then thrown. */
  private AuditorAction caller(String request, String purpose) throws GatewayException {
    List<X509Certificate> chain = AuditorAuthentication.clientChain();
    try {
      String auditor = authentication.auditor(chain);
      if (purpose == null || purpose.isBlank()) {
        throw new GatewayException(ReasonCode.INPUT_INVALID, "the query parameter purpose is missing: state why you "
            + "consult the audit log (e.g. purpose=court%20order%2012%2F2026); it is recorded with your request "
            + "(Directive (EU) 2016/680 Art. 25)");
      }
      return AuditorAction.of(auditor, purpose);
    } catch (GatewayException e) {
      service.refused(AuditorAuthentication.describe(chain), request, e);
      throw e;
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static AuditEventType type(String type) throws GatewayException {
    if (blank(type) == null) {
      return null;
    }
    try {
      return AuditEventType.valueOf(type.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "type=" + type + " is not an event type; allowed: "
          + java.util.Arrays.toString(AuditEventType.values()));
    }
  }

  private static ReasonCode reason(String reason) throws GatewayException {
    if (blank(reason) == null) {
      return null;
    }
    try {
      return ReasonCode.valueOf(reason.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, "reason=" + reason + " is not a reason code; see "
          + "\"Reason codes\" in docs/it-staff.md");
    }
  }

  private static Instant time(String name, String value) throws GatewayException {
    if (blank(value) == null) {
      return null;
    }
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, name + "=" + value + " is not a time; give a date "
          + "(2026-11-28) or an instant in UTC (2026-11-28T10:00:00Z)");
    }
  }

  /**
   * A whole-number query parameter within {@code min..max} (both inclusive), or {@code absent}.
   * Checked here, before any narrowing to int: {@code limit=4294967396} is out of range, not 100.
   */
  private static long number(String name, String value, long absent, long min, long max) throws GatewayException {
    if (blank(value) == null) {
      return absent;
    }
    String digits = value.strip();
    String allowed = "; give a whole number from " + min + " to " + max;
    if (!WHOLE_NUMBER.matcher(digits).matches()) {
      throw new GatewayException(ReasonCode.INPUT_INVALID, name + "=" + clip(value) + " is not a whole number" + allowed);
    }
    try {
      long n = Long.parseLong(digits);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // more digits than a long holds: out of range like any other
    }
    throw new GatewayException(ReasonCode.INPUT_INVALID, name + "=" + clip(value) + " is out of range" + allowed);
  }

  /** A parameter as quoted back in an error: at most 40 characters. */
  private static String clip(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
