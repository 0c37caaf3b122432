package eu.mlagw.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops CXF's own "Could not start Undertow server on port 28,443" ERROR (installed by logback.xml).
 * CXF formats the port with the JVM locale's digit grouping, and the gateway reports the same
 * failure right after it in one line with its reason code and the port written plainly
 * (transport/UndertowListener: "cannot listen for peers on HOST:PORT ... the port is free"). Every
 * other event passes untouched.
 */
public final class DuplicateCxfStartError extends TurboFilter {
  static final String CXF_ENGINE = "org.apache.cxf.transport.http_undertow.UndertowHTTPServerEngine";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format != null && CXF_ENGINE.equals(logger.getName()) && format.startsWith("Could not start Undertow server")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
