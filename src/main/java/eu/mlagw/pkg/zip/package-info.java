/**
 * Single-pass ZIP writing and strict single-pass ZIP reading for evidence containers.
 *
 * <p>{@link eu.mlagw.pkg.zip.StreamingZipWriter} writes STORED entries to a plain, non-seekable
 * stream (ZIP64 when needed, no data descriptors). {@link eu.mlagw.pkg.zip.StrictZipReader} reads
 * a container from a non-seekable stream, verifies every entry as it streams, and at the end
 * requires the central directory to describe exactly what the local headers did, so that any other
 * ZIP tool sees the same entries that were verified here.
 */
package eu.mlagw.pkg.zip;
