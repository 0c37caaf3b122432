package eu.mlagw.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** XML bombs by depth: {@code levels} nested elements (150,000 overflowed the parsers' callers). */
public final class DeepXml {
  private DeepXml() {}

  /** A root {@code root} (namespace-bound if it has a prefix) holding {@code levels} nested {@code <d>}. */
  public static byte[] nested(String root, int levels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String ns = root.contains(":") ? " xmlns:" + root.substring(0, root.indexOf(':')) + "=\"urn:x\"" : "";
    out.writeBytes(("<" + root + ns + ">").getBytes(StandardCharsets.UTF_8));
    byte[] open = "<d>".getBytes(StandardCharsets.UTF_8);
    byte[] close = "</d>".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < levels; i++) {
      out.writeBytes(open);
    }
    for (int i = 0; i < levels; i++) {
      out.writeBytes(close);
    }
    out.writeBytes(("</" + root + ">").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** {@code before}, then {@code levels} nested {@code <d>} elements, then {@code after}. */
  public static byte[] inside(String before, int levels, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes("<d>".repeat(levels).getBytes(StandardCharsets.UTF_8));
    out.writeBytes("</d>".repeat(levels).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
