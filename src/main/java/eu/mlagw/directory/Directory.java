package eu.mlagw.directory;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.GatewayConfig.PeerConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is who, as participants.yaml and the peers of gateway.yaml say: this gateway's id, the
 * participants it knows, which of them it hosts, which peer gateway hosts each of the others, and
 * how to reach that peer. No key material (that is {@code crypto/GatewayKeys}).
 *
 * <p>Immutable and thread-safe; built once per configuration. A participant is hosted here when it
 * has a keystore here; otherwise its {@code gateway:} names the peer that hosts it (the loader
 * guarantees that peer is configured). Errors carry PARTICIPANT_UNKNOWN (an id not in
 * participants.yaml) or NO_ROUTE (a known participant no gateway is known to host).
 */
public final class Directory {
  private final String gatewayId;
  private final Path participantsFile;
  private final Map<String, ParticipantConfig> participants;
  private final List<PeerConfig> peers;
  private final List<String> hostedHere;

  private Directory(GatewayConfig config) {
    this.gatewayId = config.gatewayId();
    this.participantsFile = config.directory().resolve("participants.yaml");
    this.participants = config.participants(); // unmodifiable, in file order
    this.peers = config.peers(); // unmodifiable
    List<String> hosted = new ArrayList<>();
    for (ParticipantConfig p : participants.values()) {
      if (p.isHosted()) {
        hosted.add(p.id());
      }
    }
    this.hostedHere = List.copyOf(hosted);
  }

  /** The directory of {@code config}'s participants and peers. */
  public static Directory of(GatewayConfig config) {
    return new Directory(config);
  }

  /** The id of this gateway (gateway.yaml {@code gateway.id}). */
  public String gatewayId() {
    return gatewayId;
  }

  /**
   * The participant {@code id}.
   *
   * @throws GatewayException PARTICIPANT_UNKNOWN, naming the file and the known ids, if it is not in participants.yaml
   */
  public ParticipantConfig participant(String id) throws GatewayException {
    return find(id).orElseThrow(() -> new GatewayException(ReasonCode.PARTICIPANT_UNKNOWN, "participant '" + id
        + "' is not in " + participantsFile + "; known: " + String.join(", ", new TreeSet<>(participants.keySet()))));
  }

  /** The participant {@code id}, or empty if participants.yaml does not list it. */
  public Optional<ParticipantConfig> find(String id) {
    return Optional.ofNullable(participants.get(id));
  }

  /** Every participant, in the order of participants.yaml. */
  public Collection<ParticipantConfig> participants() {
    return participants.values();
  }

  /** The ids of the participants hosted by this gateway, in the order of participants.yaml. */
  public List<String> hostedHere() {
    return hostedHere;
  }

  /**
   * Whether this gateway hosts {@code participantId} (has its keystores).
   *
   * @throws GatewayException PARTICIPANT_UNKNOWN if it is not in participants.yaml
   */
  public boolean isHostedHere(String participantId) throws GatewayException {
    return participant(participantId).isHosted();
  }

  /**
   * The id of the gateway hosting {@code participantId}: this gateway's for a hosted participant,
   * else its {@code gateway:}; empty if participants.yaml names none.
   *
   * @throws GatewayException PARTICIPANT_UNKNOWN if it is not in participants.yaml
   */
  public Optional<String> hostingGateway(String participantId) throws GatewayException {
    ParticipantConfig p = participant(participantId);
    return p.isHosted() ? Optional.of(gatewayId) : p.gateway();
  }

  /**
   * As {@link #hostingGateway(String)}, required.
   *
   * @throws GatewayException PARTICIPANT_UNKNOWN if unknown; NO_ROUTE if no gateway is known to host it
   */
  public String hostOf(String participantId) throws GatewayException {
    return hostingGateway(participantId).orElseThrow(() -> new GatewayException(ReasonCode.NO_ROUTE, participantId
        + " is neither hosted here nor assigned to a peer gateway; add 'gateway: <peer id>' to it in participants.yaml"));
  }

  /**
   * Whether peer gateway {@code peerId} hosts {@code participantId} — what a package or an evidence
   * that peer delivers for the participant must satisfy. False for a participant hosted here.
   *
   * @throws GatewayException PARTICIPANT_UNKNOWN if it is not in participants.yaml
   */
  public boolean isHostedByPeer(String participantId, String peerId) throws GatewayException {
    ParticipantConfig p = participant(participantId);
    return !p.isHosted() && p.gateway().map(peerId::equals).orElse(false);
  }

  /** Every peer gateway, in the order of gateway.yaml. */
  public List<PeerConfig> peers() {
    return peers;
  }

  /** The peer gateway {@code id}, or empty if gateway.yaml does not list it. */
  public Optional<PeerConfig> peer(String id) {
    return peers.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /**
   * The peer gateway through which {@code participantId} is reached: the one that hosts it.
   *
   * @throws GatewayException PARTICIPANT_UNKNOWN if unknown; NO_ROUTE if it is hosted here, no gateway is
   *     known to host it, or its gateway is not among the peers
   */
  public PeerConfig peerHosting(String participantId) throws GatewayException {
    String host = hostOf(participantId);
    if (host.equals(gatewayId)) {
      throw new GatewayException(ReasonCode.NO_ROUTE, participantId + " is hosted by this gateway (" + gatewayId
          + "), not by a peer");
    }
    return peer(host).orElseThrow(() -> new GatewayException(ReasonCode.NO_ROUTE, "peer gateway " + host + " of "
        + participantId + " is not configured"));
  }
}
