package eu.mlagw.pkg;

import java.nio.file.Path;

/** The result of sealing: where the package is, its metadata, its size and envelope segments. */
public record SealedPackage(Path file, PackageMetadata metadata, long size, int segments) {}
