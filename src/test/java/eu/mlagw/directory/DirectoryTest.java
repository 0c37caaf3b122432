package eu.mlagw.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.GatewayConfig.PeerConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.config.SecretSource;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who hosts whom, for gateway gw-al hosting AL-PG-TIRANA, with peers gw-rs and gw-eu. */
class DirectoryTest {
  private static final Path CONFIG = Path.of("/etc/mlagw/config");
  private static final Path CERT = Path.of("/etc/mlagw/certs/x.pem");
  private static final PeerConfig GW_RS = new PeerConfig("gw-rs", URI.create("https://rs.example:8443/mlagw/peer"), CERT);
  private static final PeerConfig GW_EU = new PeerConfig("gw-eu", URI.create("https://eu.example:8443/mlagw/peer"), CERT);

  private final Directory directory = Directory.of(config(
      hosted("AL-PG-TIRANA", Optional.empty()),
      remote("RS-HC-BELGRADE", Optional.of("gw-rs")),
      hosted("AL-MOJ", Optional.of("gw-al")), // a hosted participant may name this gateway
      remote("XK-LOST", Optional.empty()), // listed, but nobody is known to host it
      remote("EU-AGENCY", Optional.of("gw-eu"))));

  @Test
  void knowsThisGatewayAndWhomItHostsInFileOrder() {
    assertEquals("gw-al", directory.gatewayId());
    assertEquals(List.of("AL-PG-TIRANA", "AL-MOJ"), directory.hostedHere());
    assertEquals(List.of("AL-PG-TIRANA", "RS-HC-BELGRADE", "AL-MOJ", "XK-LOST", "EU-AGENCY"),
        directory.participants().stream().map(ParticipantConfig::id).toList());
  }

  @Test
  void unknownParticipantNamesTheFileAndTheKnownIds() {
    GatewayException e = assertThrows(GatewayException.class, () -> directory.participant("DE-GBA"));
    assertEquals(ReasonCode.PARTICIPANT_UNKNOWN, e.reason());
    assertEquals("participant 'DE-GBA' is not in " + CONFIG.resolve("participants.yaml")
        + "; known: AL-MOJ, AL-PG-TIRANA, EU-AGENCY, RS-HC-BELGRADE, XK-LOST", e.getMessage());
    assertTrue(directory.find("DE-GBA").isEmpty());
    assertEquals("RS-HC-BELGRADE", directory.find("RS-HC-BELGRADE").orElseThrow().id());
    assertEquals(ReasonCode.PARTICIPANT_UNKNOWN,
        assertThrows(GatewayException.class, () -> directory.hostOf("DE-GBA")).reason());
  }

  @Test
  void hostIsThisGatewayForHostedParticipantsAndThePeerForOthers() throws GatewayException {
    assertEquals("gw-al", directory.hostOf("AL-PG-TIRANA"));
    assertEquals("gw-al", directory.hostOf("AL-MOJ"));
    assertEquals("gw-rs", directory.hostOf("RS-HC-BELGRADE"));
    assertTrue(directory.isHostedHere("AL-PG-TIRANA"));
    assertFalse(directory.isHostedHere("RS-HC-BELGRADE"));
    assertEquals(Optional.empty(), directory.hostingGateway("XK-LOST"));
  }

  @Test
  void participantHostedByNoGatewayHasNoRoute() {
    GatewayException e = assertThrows(GatewayException.class, () -> directory.hostOf("XK-LOST"));
    assertEquals(ReasonCode.NO_ROUTE, e.reason());
    assertEquals("XK-LOST is neither hosted here nor assigned to a peer gateway; add 'gateway: <peer id>' to it in "
        + "participants.yaml", e.getMessage());
    assertEquals(ReasonCode.NO_ROUTE,
        assertThrows(GatewayException.class, () -> directory.peerHosting("XK-LOST")).reason());
  }

  @Test
  void peerHostingIsTheConfiguredPeerOfARemoteParticipant() throws GatewayException {
    assertEquals(GW_RS, directory.peerHosting("RS-HC-BELGRADE"));
    assertEquals(GW_EU, directory.peerHosting("EU-AGENCY"));
    assertEquals(List.of(GW_RS, GW_EU), directory.peers());
    assertEquals(Optional.of(GW_EU), directory.peer("gw-eu"));
    assertTrue(directory.peer("gw-al").isEmpty(), "this gateway is not its own peer");
  }

  @Test
  void aParticipantHostedHereIsNotReachedThroughAPeer() {
    GatewayException e = assertThrows(GatewayException.class, () -> directory.peerHosting("AL-MOJ"));
    assertEquals(ReasonCode.NO_ROUTE, e.reason());
    assertEquals("AL-MOJ is hosted by this gateway (gw-al), not by a peer", e.getMessage());
  }

  @Test
  void aPeerNotInGatewayYamlIsNoRoute() {
    Directory d = Directory.of(config(remote("RS-HC-BELGRADE", Optional.of("gw-gone"))));
    GatewayException e = assertThrows(GatewayException.class, () -> d.peerHosting("RS-HC-BELGRADE"));
    assertEquals(ReasonCode.NO_ROUTE, e.reason());
    assertEquals("peer gateway gw-gone of RS-HC-BELGRADE is not configured", e.getMessage());
  }

  @Test
  void onlyTheNamedPeerHostsARemoteParticipant() throws GatewayException {
    assertTrue(directory.isHostedByPeer("RS-HC-BELGRADE", "gw-rs"));
    assertFalse(directory.isHostedByPeer("RS-HC-BELGRADE", "gw-eu"), "another peer");
    assertFalse(directory.isHostedByPeer("AL-PG-TIRANA", "gw-rs"), "hosted here");
    assertFalse(directory.isHostedByPeer("AL-MOJ", "gw-al"), "hosted here, even when it names this gateway");
    assertFalse(directory.isHostedByPeer("XK-LOST", "gw-rs"), "no gateway");
  }

  private static ParticipantConfig hosted(String id, Optional<String> gateway) {
    return new ParticipantConfig(id, id, id.substring(0, 2), "prosecution", CERT, CERT, Optional.of(CERT),
        Optional.of(CERT), gateway);
  }

  private static ParticipantConfig remote(String id, Optional<String> gateway) {
    return new ParticipantConfig(id, id, id.substring(0, 2), "prosecution", CERT, CERT, Optional.empty(),
        Optional.empty(), gateway);
  }

  private static GatewayConfig config(ParticipantConfig... participants) {
    Map<String, ParticipantConfig> byId = new LinkedHashMap<>();
    for (ParticipantConfig p : participants) {
      byId.put(p.id(), p);
    }
    return new GatewayConfig(CONFIG, "gw-al", List.of(CERT), List.of(), List.of(),
        new SecretSource("MLAGW_KEYSTORE_PASSWORD", null, "test"), byId, Optional.empty(), 1000, Optional.empty(),
        Optional.empty(), Optional.empty(), "127.0.0.1", 0, List.of(GW_RS, GW_EU));
  }
}
