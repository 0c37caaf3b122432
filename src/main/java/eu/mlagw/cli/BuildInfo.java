package eu.mlagw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What this build is: the project version, the git commit it was built from (and whether the
 * working tree had local changes), and when it was built — written into {@code version.properties}
 * by the Maven build. A value the build could not fill in (no git checkout, an IDE build without
 * resource filtering) reads "unknown", never a placeholder.
 */
record BuildInfo(String version, String commit, boolean dirty, String built) {
  private static final String RESOURCE = "/eu/mlagw/version.properties";

  static BuildInfo ofThisBuild() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource in our own jar: report what is known, "unknown" for the rest
    }
    return new BuildInfo(value(p, "version"), value(p, "commit"), "true".equals(p.getProperty("dirty")),
        value(p, "built"));
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
  }

  /** {@code mlagw --version}: the build on the first line, the Java runtime on the second. */
  String[] lines() {
    String build = "mlagw " + version + " (commit " + commit + (dirty ? " with local changes" : "") + ", built " + built
        + ")";
    String java = "Java " + System.getProperty("java.runtime.version", System.getProperty("java.version")) + ", "
        + System.getProperty("java.vm.name", "") + " (" + System.getProperty("java.vendor", "") + ")";
    return new String[] {build, java};
  }
}
