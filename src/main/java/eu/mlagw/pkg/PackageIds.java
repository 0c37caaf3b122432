package eu.mlagw.pkg;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/** Package and exchange ids: UUIDv7 (RFC 9562), time-ordered so ids sort by creation. */
public final class PackageIds {
  private PackageIds() {}

  public static String newId(Instant now, SecureRandom random) {
    long millis = now.toEpochMilli();
    long randA = random.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
