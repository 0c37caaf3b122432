package eu.mlagw.transport;

import eu.mlagw.config.DeliveryChannel;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A participant's own system that a delivery channel pushes to: its https URL and exactly the TLS
 * certificate its server must present (pinned; another certificate is refused even if it chains
 * to a trusted root).
 *
 * @param participant id of the participant the system belongs to
 * @param url the endpoint, https with a host
 * @param certificate exactly the TLS certificate the endpoint presents
 */
public record PushEndpoint(String participant, URI url, X509Certificate certificate) {
  /** Checks that every value is present and the URL is https with a host. */
  public PushEndpoint {
    Objects.requireNonNull(participant, "participant");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(certificate, "certificate");
    if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("the delivery URL of participant " + participant
          + " must be https://HOST:PORT/PATH, got " + url);
    }
  }

  /**
   * The endpoint of a REST or SOAP {@link DeliveryChannel}, reading its certificate (PEM or DER).
   *
   * @throws GatewayException CONFIG_INVALID if the channel is the inbox or the certificate unreadable
   */
  public static PushEndpoint of(String participant, DeliveryChannel channel) throws GatewayException {
    if (channel.url().isEmpty() || channel.certificate().isEmpty()) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "participant " + participant + " has no push delivery "
          + "channel (channel " + channel.kind().yamlName() + "); only rest and soap channels are pushed to");
    }
    try (InputStream in = Files.newInputStream(channel.certificate().get())) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return new PushEndpoint(participant, channel.url().get(), cert);
    } catch (IOException | CertificateException | ClassCastException e) {
      throw new GatewayException(ReasonCode.CONFIG_INVALID, "cannot read the delivery certificate "
          + channel.certificate().get() + " of participant " + participant + ": " + e.getMessage()
          + "; put the TLS certificate of its system there (PEM or DER)", e);
    }
  }

  /** How messages name it: "the system of participant X at URL". */
  @Override
  public String toString() {
    return "the system of participant " + participant + " at " + url;
  }
}
