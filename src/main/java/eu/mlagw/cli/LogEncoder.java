package eu.mlagw.cli;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Map;

/**
 * The log line format of stderr and the log file (logback.xml, {@link LogFile}): text — ISO-8601
 * time with the zone offset, level, logger, message — or, with {@value #PROPERTY}{@code =json} (system
 * property) or {@value #ENV}{@code =json} (environment), one JSON object per line from logback's own
 * {@link JsonEncoder} (fields {@code timestamp} in epoch milliseconds, {@code level}, {@code
 * loggerName}, {@code threadName}, {@code formattedMessage}, {@code throwable} when there is one).
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
  static final String PROPERTY = "mlagw.log.format";
  static final String ENV = "MLAGW_LOG_FORMAT";
  /** The text layout: e.g. {@code 2026-12-05T08:39:28.126+01:00 WARN  ExchangeLifecycle - ...}. */
  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";

  private Encoder<ILoggingEvent> delegate;

  /** Whether JSON was chosen; anything but {@code json} (case-insensitive) is text. */
  static boolean json(Map<String, String> environment) {
    String chosen = System.getProperty(PROPERTY, environment.get(ENV));
    return chosen != null && "json".equalsIgnoreCase(chosen.trim());
  }

  @Override
  public void start() {
    if (json(System.getenv())) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(getContext());
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithContext(false);
      encoder.setWithMDC(false);
      encoder.setWithKVPList(false);
      encoder.setWithArguments(false);
      encoder.setWithMarkers(false);
      encoder.setWithMessage(false); // the pattern with its {} placeholders
      encoder.setWithFormattedMessage(true);
      delegate = encoder;
    } else {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(getContext());
      encoder.setPattern(PATTERN);
      delegate = encoder;
    }
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
