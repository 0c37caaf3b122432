package eu.mlagw.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The rotating log file of a running node, beside stderr: the same lines (text or JSON, see
 * {@link LogEncoder}) go to {@code mlagw.log}, rolled daily and at {@value #MAX_FILE_SIZE},
 * compressed, kept {@value #MAX_DAYS} days and at most {@value #TOTAL_SIZE_CAP} in all.
 *
 * <p>Where: the system property {@value #PROPERTY}, else the environment variable {@value #ENV},
 * else {@code data/logs/mlagw.log} under the configuration folder (beside the audit store's
 * {@code data/audit}). The value {@code none} writes no file (stderr only, e.g. under systemd's
 * journal).
 */
final class LogFile {
  static final String PROPERTY = "mlagw.log.file";
  static final String ENV = "MLAGW_LOG_FILE";
  static final String MAX_FILE_SIZE = "50MB";
  static final int MAX_DAYS = 30;
  static final String TOTAL_SIZE_CAP = "2GB";
  private static final String APPENDER = "file";

  private LogFile() {}

  /** Where the log file of a node configured in {@code configDir} goes; empty for {@code none}. */
  static Optional<Path> location(Path configDir, Map<String, String> environment) {
    String chosen = System.getProperty(PROPERTY, environment.get(ENV));
    if (chosen == null || chosen.isBlank()) {
      return Optional.of(configDir.resolve("data").resolve("logs").resolve("mlagw.log").toAbsolutePath().normalize());
    }
    return "none".equals(chosen.trim()) ? Optional.empty() : Optional.of(Path.of(chosen.trim()).toAbsolutePath());
  }

  /**
   * Adds the file to the root logger (once per process; a second call does nothing) and returns it;
   * empty when {@code none} was chosen or logging is not logback (then nothing changes).
   */
  static synchronized Optional<Path> attach(Path configDir, Map<String, String> environment) {
    Optional<Path> file = location(configDir, environment);
    if (file.isEmpty() || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return Optional.empty();
    }
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(APPENDER) != null) {
      return file;
    }
    String name = file.get().getFileName().toString().replaceFirst("\\.log$", "");
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setFile(file.get().toString());
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(appender);
    policy.setFileNamePattern(file.get().resolveSibling(name + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
    policy.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
    policy.setMaxHistory(MAX_DAYS);
    policy.setTotalSizeCap(FileSize.valueOf(TOTAL_SIZE_CAP));
    policy.start();
    appender.setRollingPolicy(policy);
    LogEncoder encoder = new LogEncoder();
    encoder.setContext(context);
    encoder.start();
    appender.setEncoder(encoder);
    appender.start();
    root.addAppender(appender);
    return file;
  }
}
