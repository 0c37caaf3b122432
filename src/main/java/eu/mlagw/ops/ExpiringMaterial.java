package eu.mlagw.ops;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.GatewayKeys;
import eu.mlagw.crypto.KeyStoreFiles;
import eu.mlagw.directory.Directory;
import eu.mlagw.error.GatewayException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every certificate and CRL the gateway's configuration names, with the instant it stops being
 * usable: a certificate's notAfter, a CRL's nextUpdate (after it, revocation checks of its CA fail
 * closed). Read once at start, as the node itself reads them. Immutable.
 */
public final class ExpiringMaterial {
  /** One certificate or CRL: what it is, where it is configured, and when it expires. */
  public record Item(Kind kind, String use, Path file, String subject, Instant expires) {
    public long daysLeft(Instant now) {
      return Duration.between(now, expires).toDays();
    }

    public double daysLeftExact(Instant now) {
      return Duration.between(now, expires).toMillis() / 86_400_000.0;
    }
  }

  /** A certificate, or a CRL. */
  public enum Kind { CERTIFICATE, CRL }

  private final List<Item> items;
  private final List<String> unreadable;

  private ExpiringMaterial(List<Item> items, List<String> unreadable) {
    this.items = List.copyOf(items);
    this.unreadable = List.copyOf(unreadable);
  }

  /**
   * What {@code c} names: the gateway's seal and TLS chain (opened with {@code keys}), trust anchors,
   * intermediates, CRLs, and the certificates of the participants and peers of {@code directory}.
   */
  public static ExpiringMaterial of(GatewayConfig c, Directory directory, GatewayKeys keys) {
    Map<String, Item> found = new LinkedHashMap<>();
    List<String> unreadable = new ArrayList<>();
    Collector add = new Collector(found, unreadable);
    c.gatewaySealCertificate().ifPresent(f -> add.certificates("gateway seal", f));
    if (c.tlsKeystore().isPresent()) {
      try {
        Credential tls = keys.tlsCredential();
        for (X509Certificate cert : tls.chain()) {
          add.certificate("gateway TLS", c.tlsKeystore().get(), cert);
        }
      } catch (GatewayException e) {
        unreadable.add(c.tlsKeystore().get() + ": " + e.getMessage());
      }
    }
    c.trustAnchors().forEach(f -> add.certificates("trust anchor", f));
    c.intermediates().forEach(f -> add.certificates("intermediate CA", f));
    for (Path f : c.crls()) {
      try {
        for (X509CRL crl : KeyStoreFiles.readCrls(f)) {
          if (crl.getNextUpdate() != null) {
            found.putIfAbsent("crl " + f + " " + crl.getThisUpdate(), new Item(Kind.CRL, "CRL", f,
                crl.getIssuerX500Principal().getName(), crl.getNextUpdate().toInstant()));
          }
        }
      } catch (GatewayException e) {
        unreadable.add(f + ": " + e.getMessage());
      }
    }
    for (ParticipantConfig p : directory.participants()) {
      add.certificates("seal of " + p.id(), p.sealCertificate());
      add.certificates("encryption of " + p.id(), p.encryptionCertificate());
    }
    for (GatewayConfig.PeerConfig peer : directory.peers()) {
      add.certificates("TLS of peer " + peer.id(), peer.certificate());
      peer.sealCertificate().ifPresent(f -> add.certificates("seal of peer " + peer.id(), f));
    }
    return new ExpiringMaterial(new ArrayList<>(found.values()), unreadable);
  }

  /** For tests and tools: the given items. */
  public static ExpiringMaterial of(List<Item> items) {
    return new ExpiringMaterial(items, List.of());
  }

  public List<Item> items() {
    return items;
  }

  /** Files that could not be read (the node refuses most of them at start; listed for the health page). */
  public List<String> unreadable() {
    return unreadable;
  }

  /** The item of {@code use} that expires first, if any. */
  public Optional<Item> first(String use) {
    return items.stream().filter(i -> i.use().equals(use)).min(java.util.Comparator.comparing(Item::expires));
  }

  private record Collector(Map<String, Item> found, List<String> unreadable) {
    void certificates(String use, Path file) {
      try {
        for (X509Certificate cert : KeyStoreFiles.readCertificates(file)) {
          certificate(use, file, cert);
        }
      } catch (GatewayException e) {
        unreadable.add(file + ": " + e.getMessage());
      }
    }

    void certificate(String use, Path file, X509Certificate cert) {
      found.putIfAbsent("cert " + use + " " + cert.getSerialNumber() + " " + cert.getIssuerX500Principal(),
          new Item(Kind.CERTIFICATE, use, file, cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant()));
    }
  }
}
