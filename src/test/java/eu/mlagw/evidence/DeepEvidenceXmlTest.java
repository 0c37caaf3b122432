package eu.mlagw.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import eu.mlagw.testing.DeepXml;
import org.junit.jupiter.api.Test;

/** 150,000 nested elements in an evidence statement are MALFORMED, not a StackOverflowError. */
class DeepEvidenceXmlTest {
  @Test
  void deeplyNestedEvidenceIsMalformed() {
    byte[] deep = DeepXml.inside("<Evidence xmlns=\"" + Evidence.NS + "\"><EvidenceId>", 150_000,
        "</EvidenceId></Evidence>");
    GatewayException e = assertThrows(GatewayException.class, () -> Evidence.parse(deep));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
  }

  @Test
  void deeplyNestedRemEvidenceIsMalformed() {
    byte[] deep = DeepXml.inside("<DeliveryNonDeliveryToRecipient xmlns=\"" + RemEvidenceXml.NS
        + "\" version=\"2.1.1\"><Extensions><Extension>", 150_000,
        "</Extension></Extensions></DeliveryNonDeliveryToRecipient>");
    GatewayException e = assertThrows(GatewayException.class, () -> Evidence.parse(deep));
    assertEquals(ReasonCode.MALFORMED, e.reason(), e.toString());
  }
}
