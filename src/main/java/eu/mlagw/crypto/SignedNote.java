package eu.mlagw.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note (https://c2sp.org/signed-note): a UTF-8 text ending in LF, a blank line, and
 * one or more signature lines {@code — <key name> <base64(4-byte key id || signature)>}. Parsing is
 * bounded ({@link #MAX_BYTES}, {@link #MAX_SIGNATURES}) and strict: anything else is refused with
 * what was found. Signatures by unknown keys are kept but ignored, as the spec requires. Immutable.
 */
public final class SignedNote {
  /** The em dash (U+2014) that starts a signature line. */
  static final String DASH = "\u2014";
  public static final int MAX_BYTES = 64 * 1024;
  public static final int MAX_SIGNATURES = 16;

  /** One signature line: the key name and the decoded (key id || signature) bytes. */
  public record Line(String keyName, byte[] blob) {}

  private final byte[] text;
  private final List<Line> signatures;

  private SignedNote(byte[] text, List<Line> signatures) {
    this.text = text;
    this.signatures = signatures;
  }

  /** Whether {@code bytes} has the shape of a signed note (a blank line after some text); no other check. */
  public static boolean looksSigned(byte[] bytes) {
    for (int i = 1; i < bytes.length; i++) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\n') {
        return true;
      }
    }
    return false;
  }

  /**
   * Splits a signed note at its last blank line.
   *
   * @throws IllegalArgumentException naming the first deviation from the signed-note format
   */
  public static SignedNote parse(byte[] note) {
    if (note.length > MAX_BYTES) {
      throw new IllegalArgumentException("a signed note is at most " + MAX_BYTES + " bytes, got " + note.length);
    }
    String all = utf8(note);
    int split = all.lastIndexOf("\n\n");
    if (split < 0) {
      throw new IllegalArgumentException("a signed note has a blank line between its text and its signatures; none found");
    }
    byte[] text = all.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
    checkText(text);
    String sigs = all.substring(split + 2);
    if (sigs.isEmpty() || !sigs.endsWith("\n")) {
      throw new IllegalArgumentException("the signatures of a signed note are one or more lines each ending in LF");
    }
    List<Line> lines = new ArrayList<>();
    for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
      if (lines.size() == MAX_SIGNATURES) {
        throw new IllegalArgumentException("a signed note carries at most " + MAX_SIGNATURES + " signatures");
      }
      lines.add(parseLine(line));
    }
    return new SignedNote(text, List.copyOf(lines));
  }

  private static Line parseLine(String line) {
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || !parts[0].equals(DASH)) {
      throw new IllegalArgumentException("a signature line is '\u2014 NAME BASE64' (em dash, space, key name, space, "
          + "Base64), got a line of " + line.length() + " characters in " + parts.length + " space-separated parts");
    }
    NoteVerifierKey.checkName(parts[1]);
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signature of key " + parts[1] + " is not standard Base64");
    }
    if (blob.length < 5) {
      throw new IllegalArgumentException("the signature of key " + parts[1] + " is " + blob.length
          + " bytes; a key id (4 bytes) and a signature are expected");
    }
    return new Line(parts[1], blob);
  }

  /** The text must be valid UTF-8, end in LF, and hold no control character other than LF. */
  static void checkText(byte[] text) {
    String s = utf8(text);
    if (s.isEmpty() || !s.endsWith("\n")) {
      throw new IllegalArgumentException("the text of a signed note must end in LF");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\n' && Character.isISOControl(c)) {
        throw new IllegalArgumentException("the text of a signed note holds control character U+"
            + String.format("%04X", (int) c) + "; only LF is allowed");
      }
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("a signed note is UTF-8; these bytes are not");
    }
  }

  /** The signed text (ending in LF), without the blank line. */
  public byte[] text() {
    return text.clone();
  }

  public List<Line> signatures() {
    return signatures;
  }

  /**
   * Whether a signature line of {@code key} (same name and key id) verifies over the text. Lines of
   * other keys are ignored.
   */
  public boolean isSignedBy(NoteVerifierKey key) {
    byte[] id = key.keyId();
    for (Line l : signatures) {
      if (l.keyName().equals(key.name()) && Arrays.equals(Arrays.copyOf(l.blob(), 4), id)
          && key.verifies(text, Arrays.copyOfRange(l.blob(), 4, l.blob().length))) {
        return true;
      }
    }
    return false;
  }
}
