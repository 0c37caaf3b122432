package eu.mlagw.pkg.zip;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Decoding and validation of entry names. The rules are the same for writing and reading, so the
 * gateway never produces a container it would refuse to open.
 *
 * <p>Guarantee: a name that passes {@link #check} is a relative path of non-empty segments joined
 * by '/', with no "." or ".." segment, no drive letter, colon, backslash or control character, and
 * no segment that Windows would silently rename (trailing dot or space, device names). Extracting
 * it below a folder therefore stays below that folder on Linux, macOS and Windows.
 */
final class ZipNames {
  private static final Set<String> WINDOWS_DEVICES =
      Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
          "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private ZipNames() {}

  /**
   * Decodes raw name bytes. With the UTF-8 flag they must be valid UTF-8; without it they must be
   * plain ASCII, because other tools would read such bytes as CP437 and see a different name.
   */
  static String decode(byte[] raw, boolean utf8Flag) throws GatewayException {
    if (!utf8Flag) {
      for (byte b : raw) {
        if (b < 0) {
          throw new GatewayException(ReasonCode.MALFORMED,
              "an entry name has non-ASCII bytes but does not declare UTF-8 (flag bit 11), so tools"
                  + " would disagree on what it says; got byte 0x"
                  + Integer.toHexString(b & 0xff) + "; allowed: ASCII, or UTF-8 with bit 11 set");
        }
      }
      return new String(raw, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new GatewayException(ReasonCode.MALFORMED,
          "an entry name declares UTF-8 but is not valid UTF-8; the container is damaged or"
              + " crafted — ask the sender for a new package", e);
    }
  }

  /**
   * Checks a decoded name and says whether it is a directory (ends in '/').
   *
   * @throws GatewayException PATH_TRAVERSAL for names that could escape the output folder,
   *     MALFORMED for names that are merely unusable
   */
  static boolean check(String name) throws GatewayException {
    if (name.isEmpty()) {
      throw malformed(name, "is empty", "a non-empty relative path");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (Character.getType(cp) == Character.CONTROL || isBidiControl(cp)) {
        throw malformed(name, String.format("contains the control character U+%04X", cp),
            "printable characters only");
      }
      i += Character.charCount(cp);
    }
    if (name.indexOf('\\') >= 0) {
      throw traversal(name, "contains a backslash, which Windows treats as a folder separator",
          "'/' as the only separator");
    }
    if (name.startsWith("/")) {
      throw traversal(name, "is an absolute path", "a path relative to the package root");
    }
    if (name.indexOf(':') >= 0) {
      throw traversal(name,
          "contains ':' (a drive letter such as C: or a Windows alternate data stream)",
          "names without ':'");
    }
    boolean directory = name.endsWith("/");
    String path = directory ? name.substring(0, name.length() - 1) : name;
    // split with limit -1 keeps trailing empty strings, so "a//" and "a/" + "/" are caught too
    for (String segment : path.split("/", -1)) {
      checkSegment(name, segment);
    }
    return directory;
  }

  private static void checkSegment(String name, String segment) throws GatewayException {
    if (segment.equals("..")) {
      throw traversal(name, "has a '..' segment that climbs out of the output folder",
          "no '..' segments");
    }
    if (segment.isEmpty()) {
      throw malformed(name, "has an empty path segment ('//')", "non-empty segments");
    }
    if (segment.equals(".")) {
      throw malformed(name, "has a '.' segment", "no '.' segments");
    }
    char last = segment.charAt(segment.length() - 1);
    if (last == '.' || last == ' ') {
      throw malformed(name, "has a segment ending in '" + last + "', which Windows drops",
          "segments that do not end in a dot or space");
    }
    int dot = segment.indexOf('.');
    String base = (dot < 0 ? segment : segment.substring(0, dot)).toUpperCase(Locale.ROOT);
    if (WINDOWS_DEVICES.contains(base)) {
      throw malformed(name, "uses the Windows device name '" + base + "'",
          "names other than CON, PRN, AUX, NUL, COM1-9, LPT1-9");
    }
  }

  /** Bidirectional controls let a name display differently from what it is (e.g. "fdp.exe"). */
  private static boolean isBidiControl(int cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  /**
   * The name as it may be shown to an operator: control and format characters escaped, so a
   * crafted name cannot forge log lines or hide its real text, and long names shortened.
   */
  static String printable(String name) {
    StringBuilder sb = new StringBuilder("'");
    int shown = 0;
    for (int i = 0; i < name.length() && shown < 200; shown++) {
      int cp = name.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.FORMAT || cp == '\'' || cp == '\\') {
        sb.append(String.format("\\u%04X", cp));
      } else {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    if (shown == 200 && name.codePointCount(0, name.length()) > 200) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }

  private static GatewayException traversal(String name, String what, String allowed) {
    return new GatewayException(ReasonCode.PATH_TRAVERSAL, "entry name " + printable(name) + " "
        + what + "; allowed: " + allowed + ". The package is unsafe to unpack — do not open it"
        + " with other tools and report it to the sender");
  }

  private static GatewayException malformed(String name, String what, String allowed) {
    return new GatewayException(ReasonCode.MALFORMED, "entry name " + printable(name) + " " + what
        + "; allowed: " + allowed + ". Ask the sender to rename the file and send a new package");
  }
}
