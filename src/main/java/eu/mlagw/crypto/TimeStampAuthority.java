package eu.mlagw.crypto;

import eu.mlagw.error.GatewayException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * A time-stamping authority (RFC 3161) over a {@link CertificateRole#TIME_STAMPING} credential: answers a
 * DER TimeStampReq with a DER TimeStampResp (granted, or rejected with a failure info for a request it cannot
 * serve). The time comes from the given clock, so the authority is only as trustworthy as the host's clock: a
 * gateway runs one for the demo and for deployments without a qualified TSA; real deployments use a qualified
 * TSA. Serial numbers are random 127-bit integers. Thread-safe.
 */
public final class TimeStampAuthority {
  /**
   * The TSA policy the gateway's own authority names in its tokens ("mlagw local TSA policy", under the UUID arc
   * 2.25 of ITU-T X.667). Published: never change.
   */
  public static final String POLICY = "2.25.301628495820436842333925005035533572856";
  /** Requests larger than this are refused before they are parsed (a SHA-512 request is about 100 bytes). */
  public static final int MAX_REQUEST_BYTES = 4096;

  private final Credential credential;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /**
   * @throws GatewayException KEY_USAGE if the certificate is not a TSA certificate (critical id-kp-timeStamping)
   */
  public TimeStampAuthority(Credential credential, Clock clock) throws GatewayException {
    this.credential = credential;
    this.clock = clock;
    CryptoProviders.ensureInstalled();
    TimeStampTokens.checkTimeStampingUsage(credential.certificate());
  }

  /** The authority's credential (its certificate first). */
  public Credential credential() {
    return credential;
  }

  /**
   * Answers one request. Never throws for a bad request: a malformed request or an unsupported digest is
   * answered with status rejection (badDataFormat, badAlg), as RFC 3161 2.4.2 asks.
   */
  public byte[] respond(byte[] request) {
    try {
      TimeStampResponseGenerator gen = new TimeStampResponseGenerator(tokenGenerator(), TSPAlgorithms.ALLOWED);
      TimeStampRequest req;
      try {
        if (request.length > MAX_REQUEST_BYTES) {
          throw new java.io.IOException("request of " + request.length + " bytes");
        }
        req = new TimeStampRequest(request);
      } catch (java.io.IOException | RuntimeException e) {
        return gen.generateRejectedResponse(new org.bouncycastle.tsp.TSPException("not a TimeStampReq: "
            + e.getMessage())).getEncoded();
      }
      TimeStampResponse resp = gen.generate(req, new BigInteger(127, random), Date.from(clock.instant()));
      return resp.getEncoded();
    } catch (Exception e) {
      try {
        return new TimeStampResponseGenerator(tokenGenerator(), TSPAlgorithms.ALLOWED)
            .generateFailResponse(PKIStatus.REJECTION, PKIFailureInfo.systemFailure, "the TSA failed: "
                + e.getMessage()).getEncoded();
      } catch (Exception again) {
        throw new IllegalStateException("the time-stamping authority cannot answer: " + e.getMessage(), e);
      }
    }
  }

  private TimeStampTokenGenerator tokenGenerator() throws Exception {
    String alg = KeyKind.of(credential.privateKey()).signatureAlgorithm();
    SignerInfoGenerator signer = new JcaSimpleSignerInfoGeneratorBuilder()
        .setProvider(CryptoProviders.ensureInstalled()).build(alg, credential.privateKey(), credential.certificate());
    // SHA-256 ESSCertIDv2 (signing-certificate-v2), not SHA-1 ESSCertID
    DigestCalculator certIdDigest = new JcaDigestCalculatorProviderBuilder().build()
        .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
    TimeStampTokenGenerator gen = new TimeStampTokenGenerator(signer, certIdDigest, new ASN1ObjectIdentifier(POLICY));
    gen.addCertificates(new JcaCertStore(credential.chain()));
    return gen;
  }
}
