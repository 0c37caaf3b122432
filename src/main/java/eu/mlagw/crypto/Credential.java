package eu.mlagw.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key with its certificate chain, leaf first (leaf, issuing CA, ..., root optional).
 * Immutable; the key never appears in {@link #toString()}.
 */
public final class Credential {
  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;

  public Credential(PrivateKey privateKey, List<X509Certificate> chain) {
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a credential needs at least its own certificate");
    }
    this.chain = List.copyOf(chain);
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  @Override
  public String toString() {
    return "Credential[" + certificate().getSubjectX500Principal().getName() + "]";
  }
}
