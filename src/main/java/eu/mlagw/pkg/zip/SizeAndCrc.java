package eu.mlagw.pkg.zip;

/**
 * Length and CRC-32 of a document as found by the pre-pass; {@link StreamingZipWriter} checks the
 * copy against them, which detects a document that changed in between.
 *
 * @param size length in bytes
 * @param crc32 CRC-32 of the content, as {@link java.util.zip.CRC32#getValue()} returns it
 */
public record SizeAndCrc(long size, long crc32) {}
