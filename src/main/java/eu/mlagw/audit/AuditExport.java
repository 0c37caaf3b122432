package eu.mlagw.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes events for auditors: JSON Lines (each line exactly an event's canonical bytes, so every
 * line's leaf hash can be recomputed) or CSV (RFC 4180, one header row, for spreadsheets; a cell
 * starting with = + - @ gets a leading apostrophe so a spreadsheet never runs it as a formula).
 * Streams: one event at a time. Not thread-safe.
 */
public final class AuditExport {
  /** The export formats. */
  public enum Format { JSONL, CSV }

  static final String CSV_HEADER =
      "seq,time,node,gateway,type,exchange,cases,sender,recipient,digest,reason,persons,details\r\n";
  private final Writer out;
  private final Format format;
  private long written;

  public AuditExport(Writer out, Format format) {
    this.out = out;
    this.format = format;
    if (format == Format.CSV) {
      write(CSV_HEADER);
    }
  }

  public void add(AuditEvent e) {
    if (format == Format.JSONL) {
      write(AuditEventCodec.encodeToString(e) + "\n");
    } else {
      AuditRecord r = e.record();
      StringBuilder details = new StringBuilder();
      for (Map.Entry<String, String> d : new TreeMap<>(r.details()).entrySet()) {
        details.append(details.length() == 0 ? "" : "; ").append(d.getKey()).append('=').append(d.getValue());
      }
      write(String.join(",", cell(String.valueOf(e.sequence())), cell(e.time().toString()), cell(e.node()),
          cell(e.gateway()), cell(r.type().name()), cell(r.exchangeId()), cell(String.join("; ", r.caseReferences())),
          cell(r.sender()), cell(r.recipient()), cell(r.packageDigest()),
          cell(r.reasonCode() == null ? null : r.reasonCode().name()), cell(String.join("; ", r.persons())),
          cell(details.toString())) + "\r\n");
    }
    written++;
  }

  /** Events written so far. */
  public long written() {
    return written;
  }

  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String v = "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private void write(String s) {
    try {
      out.write(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
