package eu.mlagw.pkg.zip;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the names of one container and refuses any name that would land on the same path as an
 * earlier one when unpacked: exact repeats, names differing only in letter case or Unicode
 * normalization (case-insensitive and normalizing file systems such as NTFS and APFS), a file where
 * an earlier entry needs a folder, and the reverse.
 *
 * <p>Paths are kept as a tree of folded segments, so registering a name costs time linear in its
 * length even for deeply nested crafted names.
 */
final class NameRegistry {
  private enum Kind { FILE, DIRECTORY, IMPLIED_DIRECTORY }

  /** One path of the output tree and the entry name that first claimed it. */
  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    Kind kind;
    String owner;
    final int depth;

    Node(Kind kind, String owner, int depth) {
      this.kind = kind;
      this.owner = owner;
      this.depth = depth;
    }

    /** This node's path as spelled in its owner's name (folders without the trailing '/'). */
    String path() {
      int end = -1;
      for (int i = 0; i < depth; i++) {
        end = owner.indexOf('/', end + 1);
        if (end < 0) {
          return owner;
        }
      }
      return owner.substring(0, end);
    }
  }

  private final Node root = new Node(Kind.IMPLIED_DIRECTORY, "", 0);

  /** Registers a name already accepted by {@link ZipNames#check}. */
  void add(String name, boolean directory) throws GatewayException {
    String path = directory ? name.substring(0, name.length() - 1) : name;
    // folding keeps every '/' (no canonical decomposition or case mapping involves it), so the
    // folded segments line up with the original ones
    String[] segments = key(path).split("/");
    Node node = root;
    for (int i = 0; i < segments.length - 1; i++) {
      Node child = node.children.get(segments[i]);
      if (child == null) {
        child = new Node(Kind.IMPLIED_DIRECTORY, name, i + 1);
        node.children.put(segments[i], child);
      } else if (child.kind == Kind.FILE) {
        Node parent = new Node(Kind.IMPLIED_DIRECTORY, name, i + 1);
        throw duplicate("entry " + ZipNames.printable(name) + " needs a folder "
            + ZipNames.printable(parent.path()) + ", but entry " + ZipNames.printable(child.owner)
            + " is a file at that path");
      }
      node = child;
    }
    String last = segments[segments.length - 1];
    Node existing = node.children.get(last);
    if (existing == null) {
      node.children.put(last,
          new Node(directory ? Kind.DIRECTORY : Kind.FILE, name, segments.length));
      return;
    }
    if (directory && existing.kind == Kind.IMPLIED_DIRECTORY) {
      existing.kind = Kind.DIRECTORY; // an explicit folder entry after files inside it
      existing.owner = name;
      return;
    }
    if (existing.owner.equals(name)) {
      throw duplicate("entry " + ZipNames.printable(name) + " appears twice");
    }
    String other = existing.kind == Kind.IMPLIED_DIRECTORY ? existing.path() : existing.owner;
    if ((existing.kind != Kind.FILE) != directory) {
      throw duplicate("entry " + ZipNames.printable(name) + " is a "
          + (directory ? "folder" : "file") + ", but " + ZipNames.printable(other) + " is a "
          + (directory ? "file" : "folder") + " at the same path");
    }
    throw duplicate("entries " + ZipNames.printable(other) + " and " + ZipNames.printable(name)
        + " differ only in letter case or Unicode normalization, so they would overwrite each"
        + " other on Windows or macOS");
  }

  /** NFC, then simple case folding per code point: the identity a case-insensitive disk sees. */
  private static String key(String path) {
    String nfc = Normalizer.normalize(path, Normalizer.Form.NFC);
    StringBuilder sb = new StringBuilder(nfc.length());
    nfc.codePoints().forEach(cp -> sb.appendCodePoint(
        Character.toLowerCase(Character.toUpperCase(cp))));
    return sb.toString();
  }

  private static GatewayException duplicate(String what) {
    return new GatewayException(ReasonCode.DUPLICATE_ENTRY, what + "; allowed: each path once"
        + " (ignoring letter case). The package is ambiguous — ask the sender for a new one");
  }
}
