package eu.mlagw.crypto;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.CollectionStore;

/**
 * Puts the validation data of a signature into its SignedData (CAdES-B-LT as DSS reads it): the certificates of
 * the signer's path and of each signature-time-stamp's TSA path, plus the given further certificates (up to the
 * root), in SignedData.certificates; the CRLs issued by any of them in SignedData.crls. Duplicates are written
 * once. Stateless.
 */
final class ValidationData {
  private ValidationData() {}

  static CMSSignedData add(CMSSignedData signed, List<X509Certificate> extra, List<X509CRL> crls) throws Exception {
    Map<String, X509CertificateHolder> certs = new LinkedHashMap<>();
    for (X509CertificateHolder h : signed.getCertificates().getMatches(null)) {
      certs.put(key(h), h);
    }
    for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
      if (signer.getUnsignedAttributes() == null) {
        continue;
      }
      Attribute ts = signer.getUnsignedAttributes().get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
      if (ts != null) {
        ASN1Encodable value = ts.getAttrValues().getObjectAt(0);
        for (X509CertificateHolder h : new TimeStampToken(ContentInfo.getInstance(value)).getCertificates().getMatches(null)) {
          certs.putIfAbsent(key(h), h);
        }
      }
    }
    for (X509Certificate c : extra) {
      X509CertificateHolder h = new JcaX509CertificateHolder(c);
      certs.putIfAbsent(key(h), h);
    }
    List<X500Principal> issuers = new ArrayList<>();
    for (X509CertificateHolder h : certs.values()) {
      issuers.add(new X500Principal(h.getSubject().getEncoded()));
    }
    List<X509CRLHolder> crlHolders = new ArrayList<>();
    for (X509CRLHolder h : signed.getCRLs().getMatches(null)) {
      crlHolders.add(h);
    }
    for (X509CRL crl : crls) {
      if (issuers.contains(crl.getIssuerX500Principal())) {
        X509CRLHolder h = new JcaX509CRLHolder(crl);
        if (!crlHolders.contains(h)) {
          crlHolders.add(h);
        }
      }
    }
    return CMSSignedData.replaceCertificatesAndCRLs(signed, new CollectionStore<>(new ArrayList<>(certs.values())),
        signed.getAttributeCertificates(), new CollectionStore<>(crlHolders));
  }

  private static String key(X509CertificateHolder h) throws java.io.IOException {
    return java.util.Base64.getEncoder().encodeToString(h.getEncoded());
  }
}
