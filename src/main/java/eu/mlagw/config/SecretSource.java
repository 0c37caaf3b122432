package eu.mlagw.config;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a secret (a keystore password) comes from: an environment variable, else a file. The YAML
 * names only the variable and the file, never the secret. The value is never logged or printed.
 */
public final class SecretSource {
  private final String envVariable;
  private final Path file;
  private final String origin;

  public SecretSource(String envVariable, Path file, String origin) {
    this.envVariable = envVariable;
    this.file = file;
    this.origin = origin;
  }

  /**
   * Resolves the secret: the environment variable if set and non-empty, else the first line of the
   * file.
   *
   * @throws GatewayException CONFIG_INVALID naming where it looked
   */
  public char[] resolve(Map<String, String> environment) throws GatewayException {
    if (envVariable != null) {
      String value = environment.get(envVariable);
      if (value != null && !value.isEmpty()) {
        return value.toCharArray();
      }
    }
    if (file != null) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String firstLine = text.lines().findFirst().orElse("").strip();
        if (firstLine.isEmpty()) {
          throw new GatewayException(ReasonCode.CONFIG_INVALID, origin + ": the password file " + file
              + " is empty; put the keystore password on its first line");
        }
        return firstLine.toCharArray();
      } catch (IOException e) {
        throw new GatewayException(ReasonCode.CONFIG_INVALID, origin + ": cannot read the password file " + file
            + " (" + e.getMessage() + ")" + (envVariable != null ? " and " + envVariable + " is not set" : "")
            + "; set " + (envVariable != null ? envVariable : "the environment variable") + " or create the file", e);
      }
    }
    throw new GatewayException(ReasonCode.CONFIG_INVALID, origin + ": the environment variable " + envVariable
        + " is not set and no password file is configured; export " + envVariable + " or add 'file:' to "
        + "keystorePassword");
  }

  @Override
  public String toString() {
    return "SecretSource[env=" + envVariable + ", file=" + file + "]";
  }
}
