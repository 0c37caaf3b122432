package eu.mlagw.pkg;

import eu.mlagw.error.GatewayException;
import eu.mlagw.error.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The ASiC-E manifest ({@code META-INF/ASiCManifest.xml}, ETSI EN 319 162-1 §A.4): which signature
 * covers it and, for every data object in the container, its name, media type and SHA-256 digest.
 * The CAdES signature in {@code META-INF/signature.p7s} is computed over the exact manifest bytes.
 */
public final class AsicManifest {
  public static final String ENTRY = "META-INF/ASiCManifest.xml";
  public static final String SIGNATURE_ENTRY = "META-INF/signature.p7s";
  static final String ASIC_NS = "http://uri.etsi.org/02918/v1.2.1#";
  static final String DS_NS = "http://www.w3.org/2000/09/xmldsig#";
  static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";

  /** One manifest entry: container entry name, media type, SHA-256 digest. */
  public record Reference(String name, String mediaType, byte[] sha256) {}

  private final List<Reference> references;

  public AsicManifest(List<Reference> references) {
    this.references = List.copyOf(references);
  }

  public List<Reference> references() {
    return references;
  }

  /** References by container entry name, in manifest order. */
  public Map<String, Reference> byName() {
    Map<String, Reference> map = new LinkedHashMap<>();
    for (Reference r : references) {
      map.put(r.name(), r);
    }
    return map;
  }

  /** The canonical UTF-8 bytes this gateway writes (and signs). */
  public byte[] toXml() {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    b.append("<asic:ASiCManifest xmlns:asic=\"").append(ASIC_NS).append("\" xmlns:ds=\"").append(DS_NS).append("\">\n");
    b.append("  <asic:SigReference URI=\"").append(SIGNATURE_ENTRY).append("\" MimeType=\"application/pkcs7-signature\"/>\n");
    for (Reference r : references) {
      b.append("  <asic:DataObjectReference URI=\"").append(SafeXml.escape(toUri(r.name())))
          .append("\" MimeType=\"").append(SafeXml.escape(r.mediaType())).append("\">\n");
      b.append("    <ds:DigestMethod Algorithm=\"").append(SHA256_URI).append("\"/>\n");
      b.append("    <ds:DigestValue>").append(Base64.getEncoder().encodeToString(r.sha256())).append("</ds:DigestValue>\n");
      b.append("  </asic:DataObjectReference>\n");
    }
    b.append("</asic:ASiCManifest>\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a manifest (ours or another tool's). Only SHA-256 digests are accepted.
   *
   * @throws GatewayException MALFORMED with the offending element named
   */
  public static AsicManifest parse(byte[] xml) throws GatewayException {
    Document doc = SafeXml.parse(xml, ENTRY);
    Element root = doc.getDocumentElement();
    if (!ASIC_NS.equals(root.getNamespaceURI()) || !"ASiCManifest".equals(root.getLocalName())) {
      throw malformed("its root element is " + root.getTagName() + ", expected asic:ASiCManifest");
    }
    NodeList sig = root.getElementsByTagNameNS(ASIC_NS, "SigReference");
    if (sig.getLength() != 1 || !SIGNATURE_ENTRY.equals(((Element) sig.item(0)).getAttribute("URI"))) {
      throw malformed("it must have exactly one SigReference with URI " + SIGNATURE_ENTRY);
    }
    NodeList refs = root.getElementsByTagNameNS(ASIC_NS, "DataObjectReference");
    List<Reference> out = new ArrayList<>();
    for (int i = 0; i < refs.getLength(); i++) {
      Element ref = (Element) refs.item(i);
      String name = fromUri(ref.getAttribute("URI"));
      String mediaType = ref.getAttribute("MimeType");
      Element method = single(ref, DS_NS, "DigestMethod", name);
      if (!SHA256_URI.equals(method.getAttribute("Algorithm"))) {
        throw malformed("entry " + name + " uses digest " + method.getAttribute("Algorithm") + "; only SHA-256 ("
            + SHA256_URI + ") is accepted");
      }
      byte[] digest;
      try {
        digest = Base64.getMimeDecoder().decode(single(ref, DS_NS, "DigestValue", name).getTextContent().trim());
      } catch (IllegalArgumentException e) {
        throw malformed("the digest of " + name + " is not Base64");
      }
      if (digest.length != 32) {
        throw malformed("the digest of " + name + " has " + digest.length + " bytes; SHA-256 has 32");
      }
      out.add(new Reference(name, mediaType.isEmpty() ? "application/octet-stream" : mediaType, digest));
    }
    AsicManifest manifest = new AsicManifest(out);
    if (manifest.byName().size() != out.size()) {
      throw new GatewayException(ReasonCode.DUPLICATE_ENTRY, "the signed manifest lists one entry twice");
    }
    return manifest;
  }

  private static Element single(Element parent, String ns, String local, String entry) throws GatewayException {
    NodeList list = parent.getElementsByTagNameNS(ns, local);
    if (list.getLength() != 1) {
      throw malformed("entry " + entry + " must have exactly one ds:" + local);
    }
    return (Element) list.item(0);
  }

  private static GatewayException malformed(String why) {
    return new GatewayException(ReasonCode.MALFORMED, ENTRY + " is not a valid ASiC manifest: " + why);
  }

  /** Percent-encodes a container path as a relative URI (RFC 3986, UTF-8); '/' is kept. */
  static String toUri(String name) {
    StringBuilder b = new StringBuilder();
    for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  static String fromUri(String uri) throws GatewayException {
    try {
      URI parsed = new URI(uri);
      if (parsed.isAbsolute() || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
        throw malformed("reference " + uri + " is not a relative path inside the container");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String raw = parsed.getRawPath();
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '%' && i + 2 < raw.length()) {
          out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          out.write(String.valueOf(c).getBytes(StandardCharsets.UTF_8), 0,
              String.valueOf(c).getBytes(StandardCharsets.UTF_8).length);
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } catch (URISyntaxException | NumberFormatException e) {
      throw malformed("reference " + uri + " is not a valid URI");
    }
  }
}
