package eu.mlagw.pkg.zip;

import static eu.mlagw.pkg.zip.ZipFormat.CENTRAL_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.EOCD_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.LOCAL_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.MAX32;
import static eu.mlagw.pkg.zip.ZipFormat.ZIP64_EOCD_SIG;
import static eu.mlagw.pkg.zip.ZipFormat.hex32;
import static eu.mlagw.pkg.zip.ZipFormat.u32;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import java.io.Closeable;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;

/**
 * Reads a ZIP container strictly, in one pass, from a stream that cannot seek and is never
 * buffered whole (the decrypted plaintext of a package).
 *
 * <p>Use: call {@link #next()} until it returns null, reading each entry's content as needed. Only
 * when {@code next()} has returned null has the whole container been verified: every entry's name,
 * CRC-32 and sizes, the limits, and that the central directory and end records describe exactly
 * the streamed entries with nothing after them. A caller must treat anything it extracted as
 * unverified until then.
 *
 * <p>Every failure is a {@link GatewayException}: MALFORMED (damaged, truncated, inconsistent or
 * unsupported), PATH_TRAVERSAL (a name escaping the output folder), DUPLICATE_ENTRY (two entries
 * for one path, also case-insensitively or after Unicode normalization), TOO_LARGE (a {@link
 * ZipLimits} limit, checked while streaming) or IO_ERROR. While content is read it arrives wrapped
 * in a {@link GatewayIOException}. After a failure the reader is spent: every later call throws the
 * same exception.
 *
 * <p>Supported: methods STORED and DEFLATED; data descriptors (with or without signature, ZIP64
 * sizes) for DEFLATED entries; ZIP64 sizes, offsets and entry counts; UTF-8 names. Not supported
 * (MALFORMED): encryption, other methods, STORED entries with data descriptors, multi-disk
 * archives.
 *
 * <p>Not thread-safe. {@link #close()} releases the inflater but does not close the underlying
 * stream, which belongs to the caller.
 */
public final class StrictZipReader implements Closeable {
  private final ByteSource source;
  private final LimitGuard guard;
  private final Inflater inflater = new Inflater(true);
  private final List<EntryRecord> entries = new ArrayList<>();
  private final NameRegistry names = new NameRegistry();
  private byte[] scratch;
  private ZipEntryStream current;
  private GatewayException failure;
  private boolean done;
  private boolean closed;

  /** Reads from {@code in}, which must be positioned at the first byte of the container. */
  public StrictZipReader(InputStream in, ZipLimits limits) {
    this.source = new ByteSource(in);
    this.guard = new LimitGuard(limits, source::position);
  }

  /**
   * Skips (while still verifying) whatever is left of the previous entry and returns the next
   * one, or null once the central directory and end records have been read and verified.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public ZipEntryStream next() throws GatewayException {
    if (closed) {
      throw new IllegalStateException("the ZIP reader is closed");
    }
    if (failure != null) {
      throw failure;
    }
    if (done) {
      return null;
    }
    try {
      if (current != null) {
        finishCurrent();
      }
      long offset = source.position();
      String where = entries.isEmpty() ? "the first header"
          : "the header after entry " + ZipNames.printable(last().name());
      int sig = (int) u32(source.readBytes(4, where), 0);
      if (sig == LOCAL_SIG) {
        guard.countEntry();
        LocalHeader h = LocalHeader.read(source, entries.size(), offset);
        names.add(h.name(), h.directory());
        guard.checkDeclared(h);
        inflater.reset();
        current = new ZipEntryStream(this, h, new EntryDecoder(h, source, inflater, guard));
        return current;
      }
      if (sig == CENTRAL_SIG || sig == ZIP64_EOCD_SIG || sig == EOCD_SIG) {
        new CentralDirectoryCheck(source, entries).verify(sig, offset);
        done = true;
        return null;
      }
      throw new GatewayException(ReasonCode.MALFORMED, offset == 0
          ? "the input does not start with a ZIP header (got " + hex32(sig & MAX32) + "); allowed:"
              + " a ZIP container starting with a local header — this is not a package container"
          : "found signature " + hex32(sig & MAX32) + " at offset " + offset + " after entry "
              + ZipNames.printable(last().name()) + "; allowed: a local header or the central"
              + " directory. The package is damaged — ask the sender for a new one");
    } catch (GatewayException e) {
      fail(e);
      throw e;
    }
  }

  /** Raw container bytes consumed so far, for progress reporting. */
  public long bytesRead() {
    return source.position();
  }

  /** Releases the inflater. Does not close the underlying stream. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      inflater.end();
      if (current != null) {
        current.detach();
      }
    }
  }

  private void finishCurrent() throws GatewayException {
    EntryDecoder decoder = current.decoder();
    if (decoder.record() == null) {
      if (scratch == null) {
        scratch = new byte[ByteSource.BUFFER_SIZE];
      }
      decoder.skipRest(scratch);
    }
    entries.add(decoder.record());
    current.detach();
    current = null;
  }

  private LocalHeader last() {
    return entries.get(entries.size() - 1).header();
  }

  /** The failure that ended this reader, or null. */
  GatewayException failure() {
    return failure;
  }

  boolean isClosed() {
    return closed;
  }

  /** Records the first failure; the reader refuses to continue after it. */
  void fail(GatewayException e) {
    if (failure == null) {
      failure = e;
    }
  }
}
