package eu.mlagw.pkg.zip;

/**
 * What was verified about one entry while streaming it; the central directory must agree with it.
 *
 * @param crc the CRC-32 of the content as actually read
 * @param compressedSize the compressed bytes actually consumed
 * @param size the uncompressed bytes actually produced
 */
record EntryRecord(LocalHeader header, long crc, long compressedSize, long size) {}
