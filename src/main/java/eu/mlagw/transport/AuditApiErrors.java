package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Turns a {@link GatewayException} into the audit API's error: a JSON body {@code {reasonCode,
 * message}} with 403 (not an auditor), 400 (bad or missing parameter), 404 (no such exchange),
 * 409 (the log does not verify) or 500.
 */
final class AuditApiErrors implements ExceptionMapper<GatewayException> {
  @Override
  public Response toResponse(GatewayException e) {
    return Response.status(status(e)).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(AuditApiJson.error(e.reason().name(), e.getMessage())).build();
  }

  static int status(GatewayException e) {
    switch (e.reason()) {
      case AUDITOR_NOT_AUTHORIZED:
        return 403;
      case INPUT_INVALID:
      case TOO_LARGE:
        return e.getMessage().startsWith("no event of exchange") ? 404 : 400;
      case AUDIT_TAMPERED:
        return 409;
      default:
        return 500;
    }
  }
}
