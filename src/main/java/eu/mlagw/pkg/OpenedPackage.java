package eu.mlagw.pkg;

import eu.mlagw.crypto.VerifiedSignature;
import java.nio.file.Path;
import java.util.List;

/**
 * A package that verified completely and was released into {@code directory}: documents under
 * {@code documents/}, {@code metadata.xml}, and the verification report (text and JSON).
 */
public record OpenedPackage(Path directory, PackageMetadata metadata, VerifiedSignature signature,
    List<AsicManifest.Reference> verifiedEntries, int segments, long packageSize) {}
