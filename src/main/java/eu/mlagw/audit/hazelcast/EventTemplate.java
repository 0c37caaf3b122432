package eu.mlagw.audit.hazelcast;

import eu.mlagw.audit.AuditEvent;
import eu.mlagw.audit.AuditEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An event's canonical bytes before its sequence number is known: encoded with sequence 0, whose
 * canonical form always begins {@code {"v":1,"seq":0,} (the codec writes {@code v} then {@code seq}
 * first). The ordering step swaps in the real number without re-encoding, so the bytes stored are
 * exactly {@link AuditEventCodec#encode} of the event with its sequence.
 */
final class EventTemplate {
  private static final byte[] PREFIX = "{\"v\":1,\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZERO_PREFIX = "{\"v\":1,\"seq\":0,".getBytes(StandardCharsets.US_ASCII);

  private EventTemplate() {}

  /** The template of {@code event} (whose sequence must be 0). */
  static byte[] of(AuditEvent event) {
    if (event.sequence() != 0) {
      throw new IllegalArgumentException("a template is made from sequence 0, got " + event.sequence());
    }
    byte[] bytes = AuditEventCodec.encode(event);
    if (!startsWith(bytes, ZERO_PREFIX)) {
      throw new IllegalStateException("the canonical event encoding no longer starts with {\"v\":1,\"seq\":0, — "
          + "EventTemplate must follow AuditEventCodec");
    }
    return bytes;
  }

  /** The canonical bytes of the template's event with sequence {@code seq}. */
  static byte[] withSequence(byte[] template, long seq) {
    byte[] number = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
    int rest = ZERO_PREFIX.length - 1; // index of the ',' after the 0
    byte[] out = new byte[PREFIX.length + number.length + template.length - rest];
    System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
    System.arraycopy(number, 0, out, PREFIX.length, number.length);
    System.arraycopy(template, rest, out, PREFIX.length + number.length, template.length - rest);
    return out;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }
}
