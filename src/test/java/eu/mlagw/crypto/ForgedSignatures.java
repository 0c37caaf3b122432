package eu.mlagw.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Signatures a legitimate signer would never make, for attack fixtures. */
public final class ForgedSignatures {
  private ForgedSignatures() {}

  /** A detached signature that names {@code claimed} as signer but is computed with {@code otherKey}. */
  public static byte[] signedWithAnotherKey(byte[] content, List<X509Certificate> claimed, PrivateKey otherKey)
      throws Exception {
    CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
    gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
        .build(new JcaContentSignerBuilder(KeyKind.of(otherKey).signatureAlgorithm()).build(otherKey), claimed.get(0)));
    gen.addCertificates(new JcaCertStore(claimed));
    return gen.generate(new CMSProcessableByteArray(content), false).getEncoded("DER");
  }
}
