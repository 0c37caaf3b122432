package eu.mlagw.testing;

import eu.mlagw.crypto.Credential;
import eu.mlagw.crypto.DetachedSigner;
import eu.mlagw.crypto.SealAdditions;
import eu.mlagw.crypto.TimeStampAuthority;
import eu.mlagw.crypto.TimeStampClient;
import eu.mlagw.crypto.TimeStampServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real RFC 3161 time-stamping authority for tests: {@link TimeStampAuthority} (Bouncy Castle's generator) with a
 * TSA certificate of {@code pki}, served over HTTP on a free loopback port by {@link TimeStampServer}. Close it.
 */
public final class TestTsa implements AutoCloseable {
  public final Credential credential;
  public final TimeStampServer server;
  private final TestPki pki;

  public TestTsa(TestPki pki) throws Exception {
    this.pki = pki;
    this.credential = pki.timeStamping("Test TSA");
    this.server = TimeStampServer.start(new TimeStampAuthority(credential, Clock.systemUTC()), "127.0.0.1", 0);
  }

  /** A client that trusts the TSA through {@code pki}'s root. */
  public TimeStampClient client() {
    return new TimeStampClient(server.url(), List.of(pki.rootCertificate()), Duration.ofSeconds(5));
  }

  /** A signer of {@code seal} that adds this TSA's signature-time-stamp (B-T). */
  public DetachedSigner signer(Credential seal) {
    return new DetachedSigner(seal, new SealAdditions(Optional.of(client()), List.of(), List.of()));
  }

  /** A signer that adds the timestamp, the root and the CRLs of {@code pki} (B-LT). */
  public DetachedSigner longTermSigner(Credential seal) {
    return new DetachedSigner(seal, new SealAdditions(Optional.of(client()), List.of(pki.rootCertificate()),
        pki.crls()));
  }

  @Override
  public void close() {
    server.close();
  }
}
