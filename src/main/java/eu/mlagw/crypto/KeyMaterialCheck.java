package eu.mlagw.crypto;

import eu.mlagw.config.GatewayConfig;
import eu.mlagw.config.ParticipantConfig;
import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the key material a configuration points at, the way {@code mlagw config check} reports
 * it: the {@link AlgorithmPolicy} (its warnings, and every certificate's key and signature algorithm),
 * every participant certificate valid now, trusted (path, CRLs) and fit for its role, not
 * expiring within {@link #EXPIRY_WARNING}; every hosted keystore opens and holds the private key
 * of the configured certificate (proved by a signature, not just by comparing public keys); CRLs
 * current. Read-only; never prints secrets.
 */
public final class KeyMaterialCheck {
  public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
  private static final Duration CRL_WARNING = Duration.ofDays(7);

  /** How bad a finding is: errors make the check fail, warnings do not. */
  public enum Severity { OK, WARNING, ERROR }

  /**
   * One line of the report; {@code reason} (may be null) is the reason code a node start refuses
   * the same problem with.
   */
  public record Finding(Severity severity, String subject, String message, ReasonCode reason) {
    public Finding(Severity severity, String subject, String message) {
      this(severity, subject, message, null);
    }

    @Override
    public String toString() {
      return String.format("%-7s %-22s %s", severity, subject, message);
    }
  }

  private final GatewayConfig config;
  private final GatewayKeys keys;
  private final Instant now;
  private final List<Finding> findings = new ArrayList<>();

  /** Checks what {@code config} points at, opened through {@code keys} (made from the same configuration). */
  public KeyMaterialCheck(GatewayConfig config, GatewayKeys keys, Instant now) {
    this.config = config;
    this.keys = keys;
    this.now = now;
  }

  public List<Finding> run() {
    findings.clear();
    for (String warning : keys.trustPolicy().algorithms().warnings()) {
      add(Severity.WARNING, "algorithms", warning);
    }
    checkTrust();
    checkGatewaySeals();
    checkGatewaySealKeystore();
    checkTlsKeystore();
    checkPeerCertificates();
    for (ParticipantConfig p : config.participants().values()) {
      X509Certificate seal = certificate(p.id(), "seal certificate", p.sealCertificate());
      X509Certificate enc = certificate(p.id(), "encryption certificate", p.encryptionCertificate());
      if (seal != null) {
        checkCertificate(p.id(), "seal certificate", seal, true);
      }
      if (enc != null) {
        checkCertificate(p.id(), "encryption certificate", enc, false);
      }
      if (p.sealKeystore().isPresent() && seal != null) {
        checkKeystore(p.id(), "seal keystore", p.sealKeystore().get(), seal, () -> keys.sealCredential(p.id()));
      }
      if (p.encryptionKeystore().isPresent() && enc != null) {
        checkKeystore(p.id(), "encryption keystore", p.encryptionKeystore().get(), enc,
            () -> keys.encryptionCredential(p.id()));
      }
    }
    return List.copyOf(findings);
  }

  private void checkTrust() {
    for (X509Certificate anchor : keys.trustPolicy().anchors()) {
      expiry("trust", "anchor " + anchor.getSubjectX500Principal().getName(), anchor);
      algorithms("trust", "anchor", anchor, true);
    }
    for (X509CRL crl : keys.trustPolicy().crls()) {
      String name = "CRL of " + crl.getIssuerX500Principal().getName();
      if (crl.getNextUpdate() == null) {
        add(Severity.WARNING, "trust", name + " has no nextUpdate; ask its CA for a CRL with one");
      } else if (crl.getNextUpdate().toInstant().isBefore(now)) {
        add(Severity.ERROR, "trust", name + " expired on " + crl.getNextUpdate().toInstant()
            + ": seals from this CA will be refused until a current CRL is installed");
      } else if (crl.getNextUpdate().toInstant().isBefore(now.plus(CRL_WARNING))) {
        add(Severity.WARNING, "trust", name + " expires on " + crl.getNextUpdate().toInstant()
            + "; install the next one before then");
      } else {
        add(Severity.OK, "trust", name + " current until " + crl.getNextUpdate().toInstant());
      }
    }
  }

  private X509Certificate certificate(String id, String what, Path file) {
    try {
      return KeyStoreFiles.readCertificate(file);
    } catch (GatewayException e) {
      add(Severity.ERROR, id, what + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * This gateway's evidence seal and each peer's: an evidence is accepted only from the configured
   * seal of the gateway it names, and only if that certificate carries the gateway-seal key purpose.
   */
  private void checkGatewaySeals() {
    config.gatewaySealCertificate().ifPresent(file -> checkGatewaySeal(config.gatewayId(),
        "gateway.sealCertificate", file, "this gateway's evidences and audit checkpoints"));
    for (GatewayConfig.PeerConfig peer : config.peers()) {
      if (peer.sealCertificate().isEmpty()) {
        add(Severity.WARNING, peer.id(), "peers[].sealCertificate is not set: evidences from gateway " + peer.id()
            + " (Delivery, Retrieval, RelayRejection) will be refused as EVIDENCE_ISSUER_INVALID; add its evidence "
            + "seal certificate (gateways/" + peer.id() + "/seal.pem from mlagw pki init)");
      } else {
        checkGatewaySeal(peer.id(), "peers[].sealCertificate", peer.sealCertificate().get(),
            "the evidences of gateway " + peer.id());
      }
    }
  }

  private void checkGatewaySeal(String id, String key, Path file, String whose) {
    X509Certificate cert = certificate(id, key, file);
    if (cert == null) {
      return;
    }
    if (!CertificateRole.isGatewaySeal(cert)) {
      add(Severity.ERROR, id, key + " " + file + " lacks the gateway-seal key purpose "
          + CertificateRole.GATEWAY_SEAL_KEY_PURPOSE + " in its extended key usage, so " + whose
          + " are refused (EVIDENCE_ISSUER_INVALID); issue a new evidence seal with that key purpose (mlagw pki init "
          + "makes gateways/ID/seal.p12 and seal.pem with it, or ask your CA to add the EKU) and configure it");
      return;
    }
    checkCertificate(id, key, cert, true);
  }

  /**
   * gateway.sealKeystore, as a node opens it at start ({@link GatewayKeys#gatewaySeal}): present,
   * readable, and holding the key of gateway.sealCertificate (proved by a signature).
   */
  private void checkGatewaySealKeystore() {
    String id = config.gatewayId();
    if (config.gatewaySealKeystore().isEmpty()) {
      refusal(id, new GatewayException(ReasonCode.CONFIG_INVALID, "gateway.sealKeystore and gateway.sealCertificate "
          + "are missing: mlagw run refuses to start, a node signs its evidences and audit checkpoints with its own "
          + "seal (mlagw pki init makes gateways/ID/seal.p12 and seal.pem)"));
      return;
    }
    Path file = config.gatewaySealKeystore().get();
    try {
      Credential seal = keys.gatewaySeal();
      if (!provesKey(seal, seal.certificate().getPublicKey())) {
        throw new GatewayException(ReasonCode.KEYSTORE_UNREADABLE, file + " holds a private key that does not sign "
            + "for its certificate; point gateway.sealKeystore at the seal made with gateway.sealCertificate");
      }
      add(Severity.OK, id, "gateway.sealKeystore " + file + " opens and holds the key of gateway.sealCertificate");
    } catch (GatewayException e) {
      refusal(id, prefixed("gateway.sealKeystore", e));
    }    Path note = file.resolveSibling(GatewayKeys.NOTE_KEYSTORE);
    try {
      keys.gatewayNoteKey("note"); // as a node opens it at start; its name (the checkpoint origin) is given then
      add(Severity.OK, id, "the checkpoint note key " + note + " opens and holds an Ed25519 key");
    } catch (GatewayException e) {
      refusal(id, e);
    }
  }

  /**
   * gateway.tlsKeystore, as a node opens it at start ({@link GatewayKeys#tlsCredential}): needed
   * when the node listens for peers, has peers, or serves the audit API; readable; a TLS
   * certificate (serverAuth and clientAuth), valid now.
   */
  private void checkTlsKeystore() {
    eu.mlagw.config.GatewayConfig c = config;
    String id = c.gatewayId();
    boolean needed = c.listenPort() > 0 || !c.peers().isEmpty() || c.auditApi().isPresent();
    if (c.tlsKeystore().isEmpty()) {
      if (needed) {
        refusal(id, new GatewayException(ReasonCode.CONFIG_INVALID, "gateway.tlsKeystore is missing: mlagw run refuses "
            + "to start, as this gateway " + (c.listenPort() > 0 ? "listens for peers" : !c.peers().isEmpty()
                ? "talks to peer gateways" : "serves the audit API") + " over TLS (mlagw pki init makes gateways/ID/tls.p12)"));
      }
      return;
    }
    Path file = c.tlsKeystore().get();
    try {
      Credential tls = keys.tlsCredential();
      X509Certificate cert = tls.certificate();
      if (expiry(id, "gateway.tlsKeystore certificate", cert)) {
        add(Severity.OK, id, "gateway.tlsKeystore " + file + " opens: TLS certificate "
            + cert.getSubjectX500Principal().getName() + " (serverAuth, clientAuth), valid until "
            + cert.getNotAfter().toInstant());
      }
    } catch (GatewayException e) {
      refusal(id, prefixed("gateway.tlsKeystore", e));
    }
  }

  /** peers[].certificate, which a listening node reads at start to admit each peer. */
  private void checkPeerCertificates() {
    for (eu.mlagw.config.GatewayConfig.PeerConfig peer : config.peers()) {
      try {
        KeyStoreFiles.readCertificate(peer.certificate());
      } catch (GatewayException e) {
        refusal(peer.id(), prefixed("peers[].certificate", e));
      }
    }
  }

  private static GatewayException prefixed(String key, GatewayException e) {
    return new GatewayException(e.reason(), key + ": " + e.getMessage(), e);
  }

  /** An ERROR a node start refuses with the same reason code: shown as "CODE: message". */
  private void refusal(String subject, GatewayException e) {
    findings.add(new Finding(Severity.ERROR, subject, e.reason() + ": " + e.getMessage(), e.reason()));
  }

  /** Records an ERROR and returns false if the policy refuses the certificate's key or signature. */
  private boolean algorithms(String id, String what, X509Certificate cert, boolean anchor) {
    try {
      keys.trustPolicy().algorithms().checkCertificate(cert, anchor);
      return true;
    } catch (GatewayException e) {
      add(Severity.ERROR, id, what + ": " + e.reason() + ": " + e.getMessage());
      return false;
    }
  }

  private void checkCertificate(String id, String what, X509Certificate cert, boolean seal) {
    if (!expiry(id, what, cert) || !algorithms(id, what, cert, false)) {
      return;
    }
    if (seal) {
      try {
        TrustPolicy.checkSealUsage(cert);
      } catch (GatewayException e) {
        add(Severity.ERROR, id, what + ": " + e.getMessage());
        return;
      }
    }
    boolean[] ku = cert.getKeyUsage();
    boolean rsa = "RSA".equals(cert.getPublicKey().getAlgorithm());
    boolean fits = ku == null || (seal ? ku[0] || ku[1] : (rsa ? ku[2] : ku[4]));
    if (!fits) {
      add(Severity.ERROR, id, what + " has a key usage that does not allow "
          + (seal ? "signing (digitalSignature or nonRepudiation)" : rsa ? "keyEncipherment" : "keyAgreement")
          + "; configure the right certificate for this role");
      return;
    }
    try {
      keys.trustPolicy().validate(cert, List.of(), now, now);
      add(Severity.OK, id, what + " trusted, valid until " + cert.getNotAfter().toInstant());
    } catch (GatewayException e) {
      add(Severity.ERROR, id, what + ": " + e.reason() + ": " + e.getMessage());
    }
  }

  /** Returns false (and records an error) if the certificate is not valid now. */
  private boolean expiry(String id, String what, X509Certificate cert) {
    Instant notAfter = cert.getNotAfter().toInstant();
    if (notAfter.isBefore(now) || cert.getNotBefore().toInstant().isAfter(now)) {
      add(Severity.ERROR, id, what + " is not valid now (valid " + cert.getNotBefore().toInstant() + " to "
          + notAfter + "); renew it");
      return false;
    }
    if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
      add(Severity.WARNING, id, what + " expires on " + notAfter + " (within "
          + EXPIRY_WARNING.toDays() + " days); renew it now");
    }
    return true;
  }

  /** Opens a keystore the way the gateway does (password from the configured source). */
  @FunctionalInterface
  private interface CredentialSource {
    Credential open() throws GatewayException;
  }

  private void checkKeystore(String id, String what, Path file, X509Certificate configured, CredentialSource source) {
    try {
      Credential credential = source.open();
      PublicKey configuredKey = configured.getPublicKey();
      if (!credential.certificate().getPublicKey().equals(configuredKey) || !provesKey(credential, configuredKey)) {
        add(Severity.ERROR, id, what + " " + file + " holds a key that does not match the configured certificate "
            + configured.getSubjectX500Principal().getName() + "; point the configuration at matching files");
        return;
      }
      add(Severity.OK, id, what + " opens and matches its certificate");
    } catch (GatewayException e) {
      add(Severity.ERROR, id, what + ": " + e.getMessage());
    }
  }

  private static boolean provesKey(Credential credential, PublicKey expected) {
    try {
      String alg = "RSA".equals(expected.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(alg);
      signer.initSign(credential.privateKey());
      signer.update(challenge);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(expected);
      verifier.update(challenge);
      return verifier.verify(sig);
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private void add(Severity severity, String subject, String message) {
    findings.add(new Finding(severity, subject, message));
  }
}
