package eu.mlagw.pkg;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of sealing: where the package is, its metadata, its size and envelope segments, and
 * the manifest entries as signed (name, media type, SHA-256 of every entry).
 */
public record SealedPackage(Path file, PackageMetadata metadata, long size, int segments,
    List<AsicManifest.Reference> manifest) {
  public SealedPackage {
    manifest = List.copyOf(manifest);
  }
}
