package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipFormat.UNICODE_PATH_EXTRA_ID;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_EXTRA_ID;
import static eu.mlagw.pkg.zip.ZipFormat.u16;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Strict parsing of an extra field area. It must split exactly into (id, size, data) fields with no
 * id twice, since tools would disagree about which copy of a repeated field counts.
 */
final class ExtraFields {
  private ExtraFields() {}

  /** Returns the data of the ZIP64 extra field, or null if there is none. */
  static byte[] zip64Data(byte[] extra, String name, String where) throws GatewayException {
    Set<Integer> seen = new HashSet<>();
    byte[] zip64 = null;
    int i = 0;
    while (i < extra.length) {
      if (extra.length - i < 4) {
        throw malformed(name, where, "ends inside a field header");
      }
      int id = u16(extra, i);
      int size = u16(extra, i + 2);
      if (size > extra.length - i - 4) {
        throw malformed(name, where, String.format(
            "has a field 0x%04x of %d bytes but only %d remain", id, size, extra.length - i - 4));
      }
      if (!seen.add(id)) {
        throw malformed(name, where, String.format("has the field 0x%04x twice", id));
      }
      if (id == UNICODE_PATH_EXTRA_ID) {
        throw malformed(name, where, "has an Info-ZIP Unicode Path field (0x7075), which some"
            + " tools use instead of the header name");
      }
      if (id == ZIP64_EXTRA_ID) {
        zip64 = Arrays.copyOfRange(extra, i + 4, i + 4 + size);
      }
      i += 4 + size;
    }
    return zip64;
  }

  private static GatewayException malformed(String name, String where, String what) {
    return new GatewayException(ReasonCode.MALFORMED, "the extra fields of entry "
        + ZipNames.printable(name) + " in its " + where + " are malformed: the area " + what
        + "; allowed: distinct, complete fields. Ask the sender for a new package");
  }
}
