package eu.mlagw.pkg;

import java.util.Locale;
import java.util.Map;

/** Media types by file extension for the documents prosecutors usually send. */
public final class MediaTypes {
  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("pdf", "application/pdf"),
      Map.entry("xml", "application/xml"),
      Map.entry("json", "application/json"),
      Map.entry("txt", "text/plain"),
      Map.entry("csv", "text/csv"),
      Map.entry("html", "text/html"),
      Map.entry("doc", "application/msword"),
      Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
      Map.entry("xls", "application/vnd.ms-excel"),
      Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
      Map.entry("odt", "application/vnd.oasis.opendocument.text"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("png", "image/png"),
      Map.entry("tif", "image/tiff"),
      Map.entry("tiff", "image/tiff"),
      Map.entry("mp4", "video/mp4"),
      Map.entry("avi", "video/x-msvideo"),
      Map.entry("mov", "video/quicktime"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("wav", "audio/wav"),
      Map.entry("zip", "application/zip"),
      Map.entry("yaml", "application/yaml"),
      Map.entry("p7m", "application/pkcs7-mime"),
      Map.entry("p7s", "application/pkcs7-signature"),
      Map.entry("eml", "message/rfc822"));

  private MediaTypes() {}

  /** The media type for a file name; application/octet-stream when unknown. */
  public static String forName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return "application/octet-stream";
    }
    return BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
  }
}
