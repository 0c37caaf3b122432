package eu.mlagw.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.GatewayIOException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopeRoundTripTest {
  private static final TestPki PKI = new TestPki();
  private static final TestPki.Participant RSA = PKI.participant("RS-HC-BELGRADE", KeyKind.RSA_3072);
  private static final TestPki.Participant EC = PKI.participant("AL-PG-TIRANA", KeyKind.EC_P256);
  private static final TestPki.Participant OTHER = PKI.participant("ME-SPO-PODGORICA", KeyKind.RSA_3072);
  private final SecureRandom random = new SecureRandom();

  static byte[] seal(byte[] plain, long segmentSize, TestPki.Participant... to) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<java.security.cert.X509Certificate> certs = new java.util.ArrayList<>();
    for (TestPki.Participant p : to) {
      certs.add(p.encryption().certificate());
    }
    try (EnvelopeOutputStream env = new EnvelopeOutputStream(out, certs, segmentSize, new SecureRandom())) {
      env.write(plain);
    }
    return out.toByteArray();
  }

  static byte[] open(byte[] sealed, TestPki.Participant as) throws GatewayException {
    try (EnvelopeInputStream in = new EnvelopeInputStream(new ByteArrayInputStream(sealed), as.encryption())) {
      byte[] plain = in.readAllBytes();
      assertTrue(in.isFullyVerified());
      return plain;
    } catch (IOException e) {
      throw GatewayIOException.unwrap(e, ReasonCode.IO_ERROR, "test");
    }
  }

  @Test
  void roundTripsForRsaAndEcRecipientsAcrossSegments() throws Exception {
    byte[] plain = new byte[300_000];
    random.nextBytes(plain);
    byte[] sealed = seal(plain, 65_536, RSA, EC);
    assertArrayEquals(plain, open(sealed, RSA));
    assertArrayEquals(plain, open(sealed, EC));
  }

  @Test
  void roundTripsEmptyAndExactSegmentMultiples() throws Exception {
    assertArrayEquals(new byte[0], open(seal(new byte[0], 4096, RSA), RSA));
    byte[] plain = new byte[8192];
    random.nextBytes(plain);
    try (EnvelopeInputStream in = new EnvelopeInputStream(new ByteArrayInputStream(seal(plain, 4096, RSA)),
        RSA.encryption())) {
      assertArrayEquals(plain, in.readAllBytes());
      assertEquals(2, in.segmentsVerified());
    }
  }

  @Test
  void openRejectsFlippedCiphertextByte() throws Exception {
    byte[] plain = new byte[100_000];
    byte[] sealed = seal(plain, 1 << 20, RSA);
    sealed[sealed.length / 2] ^= 1;
    GatewayException e = assertThrows(GatewayException.class, () -> open(sealed, RSA));
    assertEquals(ReasonCode.ENVELOPE_TAMPERED, e.reason(), e.getMessage());
  }

  @Test
  void openRejectsEnvelopeWithTagCutOff() throws Exception {
    byte[] sealed = seal(new byte[50_000], 1 << 20, RSA);
    byte[] cut = java.util.Arrays.copyOf(sealed, sealed.length - 20);
    GatewayException e = assertThrows(GatewayException.class, () -> open(cut, RSA));
    assertEquals(ReasonCode.ENVELOPE_TAMPERED, e.reason(), e.getMessage());
  }

  @Test
  void openRejectsWrongRecipient() throws Exception {
    byte[] sealed = seal(new byte[1000], 1 << 20, RSA, EC);
    GatewayException e = assertThrows(GatewayException.class, () -> open(sealed, OTHER));
    assertEquals(ReasonCode.NOT_FOR_THIS_RECIPIENT, e.reason());
    assertTrue(e.getMessage().contains("not encrypted for"), e.getMessage());
  }

  @Test
  void openRejectsGarbageAsMalformed() {
    GatewayException e = assertThrows(GatewayException.class, () -> open("hello".getBytes(), RSA));
    assertEquals(ReasonCode.MALFORMED, e.reason());
  }
}
