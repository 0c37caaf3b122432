package eu.mlagw.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.crypto.EnvelopeInspector;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.HostileEnvelopes;
import eu.mlagw.testing.PackageFixture;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile envelope headers: each is refused as MALFORMED, quickly (a hang fails the test instead
 * of blocking it), by both the opener (through its read-ahead thread) and the inspector.
 */
class HostileEnvelopeTest {
  private static final PackageFixture F = new PackageFixture();
  private static final Duration QUICKLY = Duration.ofSeconds(10);
  @TempDir Path dir;

  private GatewayException refused(UnaryOperator<byte[]> attack, String part) throws Exception {
    Path p = F.seal(dir).file();
    Path hostile = Files.write(dir.resolve("hostile.p7m"), attack.apply(Files.readAllBytes(p)));
    Path out = dir.resolve("opened");
    GatewayException e = assertTimeoutPreemptively(QUICKLY, () -> assertThrows(GatewayException.class,
        () -> F.opener().open(hostile, F.recipient.id(), F.recipient.encryption(), out, ProgressListener.NONE)));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
    assertTrue(e.getMessage().contains(part), e.getMessage());
    assertFalse(Files.exists(out));
    GatewayException inspected = assertTimeoutPreemptively(QUICKLY, () -> assertThrows(GatewayException.class,
        () -> new EnvelopeInspector().inspect(new ByteArrayInputStream(Files.readAllBytes(hostile)))));
    assertEquals(ReasonCode.MALFORMED, inspected.reason(), inspected.toString());
    assertTrue(inspected.getMessage().contains(part), inspected.getMessage());
    return e;
  }

  @Test
  void nestedBerInOriginatorInfo() throws Exception {
    GatewayException e = refused(HostileEnvelopes::nestedBerInOriginatorInfo, "originatorInfo");
    assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
  }

  @Test
  void nestedBerInRecipientInfos() throws Exception {
    GatewayException e = refused(HostileEnvelopes::nestedBerInRecipientInfos, "recipientInfos");
    assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
  }

  @Test
  void lengthOfTwoToThe56() throws Exception {
    refused(HostileEnvelopes::lengthOfTwoToThe56, "length field of 8 octets");
  }

  @Test
  void integerWhereAnOidBelongs() throws Exception {
    refused(HostileEnvelopes::integerWhereAnOidBelongs, "content type");
  }

  @Test
  void highTagNumber() throws Exception {
    refused(HostileEnvelopes::highTagNumber, "high tag number");
  }

  @Test
  void fourByteGcmTag() throws Exception {
    refused(HostileEnvelopes::fourByteGcmTag, "GCM parameters");
  }
}
