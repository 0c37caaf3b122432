package eu.mlagw.crypto;

/**
 * Checks, without recursion, that a BER/DER encoding is a well-formed sequence of tag-length-value
 * elements nested at most {@link #MAX_DEPTH} deep, before Bouncy Castle's parsers see it.
 *
 * <p>Why: Bouncy Castle parses ASN.1 recursively, one Java frame (or several) per level of
 * nesting. 120 KB of nested indefinite-length SEQUENCEs ({@code 30 80} × 60,000) overflow the
 * stack; a StackOverflowError is an Error, so it escaped every catch, killed the thread that read
 * the envelope and left its reader waiting forever. This walk keeps an explicit stack of open
 * elements and stops at the depth limit, so nesting costs memory bounded by the limit and no stack.
 *
 * <p>Why 64: the deepest structure a gateway legitimately reads is a certificate inside a CMS
 * SignedData (ContentInfo → SignedData → certificates → Certificate → TBSCertificate → extensions →
 * Extension → OCTET STRING → e.g. CertificatePolicies → PolicyInformation → qualifiers → UserNotice
 * → NoticeReference …), about 15–20 levels including encapsulated OCTET STRINGs; 64 leaves
 * generous room, and 64 levels of Bouncy Castle recursion need only a few kilobytes of stack.
 *
 * <p>Every length must fit within what remains of its enclosing element (or of the input), so a
 * 2^56-byte length is refused here and never allocated. OCTET STRING and BIT STRING contents that
 * themselves parse as BER are checked as well, continuing the depth count, because Bouncy Castle
 * parses such encapsulated structures (certificate extensions, signed attributes) on demand.
 * Stateless and thread-safe.
 */
final class BerStructureCheck {
  /** Deepest nesting of constructed elements accepted anywhere in a CMS structure. */
  static final int MAX_DEPTH = 64;

  private BerStructureCheck() {}

  /**
   * @param part names the structure in the message (e.g. "recipientInfos", "signature.p7s")
   * @throws BerStructureException if the bytes are not well-formed BER or nest deeper than {@link #MAX_DEPTH}
   */
  static void check(byte[] encoding, String part) throws BerStructureException {
    String problem = walk(encoding, 0, encoding.length, 0, true);
    if (problem != null) {
      throw new BerStructureException(part + " is not well-formed: " + problem);
    }
  }

  /**
   * Walks {@code a[from, to)}. In strict mode returns a description of the first problem or null;
   * in probe mode (for possibly encapsulated content) returns "deep" only if the content is BER
   * nested too deep, and null otherwise (content that is not BER is just data).
   */
  private static String walk(byte[] a, int from, int to, int baseDepth, boolean strict) {
    int[] ends = new int[MAX_DEPTH + 1]; // end offset of each open element; -1 = indefinite
    int depth = 0;
    int pos = from;
    while (true) {
      while (depth > 0 && ends[depth - 1] >= 0 && pos == ends[depth - 1]) {
        depth--; // a definite-length element ends exactly here
      }
      if (pos == to) {
        if (depth > 0) {
          return strict ? "it ends inside an element opened " + depth + " levels up" : null;
        }
        return null;
      }
      int limit = depth > 0 && ends[depth - 1] >= 0 ? ends[depth - 1] : to;
      int start = pos;
      int tag = a[pos++] & 0xff;
      if ((tag & 0x1f) == 0x1f) { // high tag number: base-128 digits, at most 4 of them
        int digits = 0;
        do {
          if (pos >= limit || ++digits > 4) {
            return strict ? "a tag number at offset " + start + " is too long or cut off" : null;
          }
        } while ((a[pos++] & 0x80) != 0);
      }
      if (pos >= limit) {
        return strict ? "the element at offset " + start + " has no length" : null;
      }
      int first = a[pos++] & 0xff;
      long length;
      if (first < 0x80) {
        length = first;
      } else if (first == 0x80) {
        length = -1;
      } else {
        int n = first & 0x7f;
        if (n > 4 || pos + n > limit) {
          return strict ? "the element at offset " + start + " declares a length of " + n
              + " octets, more than what remains" : null;
        }
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (a[pos++] & 0xff);
        }
      }
      if (tag == 0 && length == 0) { // end-of-contents
        if (depth == 0 || ends[depth - 1] >= 0) {
          return strict ? "an end-of-contents marker at offset " + start + " closes nothing" : null;
        }
        depth--;
        continue;
      }
      if (length > limit - pos) {
        return strict ? "the element at offset " + start + " declares " + length + " bytes but only "
            + (limit - pos) + " remain" : null;
      }
      boolean constructed = (tag & 0x20) != 0;
      if (constructed) {
        if (baseDepth + depth + 1 > MAX_DEPTH) {
          return strict ? "it nests deeper than " + MAX_DEPTH + " levels (at offset " + start
              + "); no CMS structure needs that" : "deep";
        }
        ends[depth++] = length < 0 ? -1 : (int) (pos + length);
        continue;
      }
      if (length < 0) {
        return strict ? "the primitive element at offset " + start + " has an indefinite length" : null;
      }
      int end = (int) (pos + length);
      int tagNumber = tag & 0x1f;
      if ((tagNumber == 0x04 || tagNumber == 0x03) && length > 2 && baseDepth + depth + 1 <= MAX_DEPTH) {
        // each encapsulation counts as a level, which also bounds this (the only) recursion
        int inner = tagNumber == 0x03 ? pos + 1 : pos; // a BIT STRING starts with its unused-bit count
        if ("deep".equals(walk(a, inner, end, baseDepth + depth + 1, false))) {
          return strict ? "content encapsulated at offset " + start + " nests deeper than " + MAX_DEPTH
              + " levels; no CMS structure needs that" : "deep";
        }
      }
      pos = end;
    }
  }
}
