package eu.mlagw.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9162 hashing, roots and proofs: the published Certificate Transparency test vectors (the
 * eight leaves and roots of RFC 6962's reference tests, same hashing as RFC 9162), then an
 * independent naive reference (MTH and PATH written straight from the RFC's recursive
 * definitions over lists) for every tree size 0..300, every inclusion proof up to size 130 and
 * every consistency pair up to size 64.
 */
class MerkleTreeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String[] CT_LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
      "606162636465666768696a6b6c6d6e6f"};
  private static final String[] CT_ROOTS = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

  private static LeafHashes ctLeaves() {
    LeafHashes l = new LeafHashes(8);
    for (String leaf : CT_LEAVES) {
      l.add(MerkleHashes.leafHash(HEX.parseHex(leaf)));
    }
    return l;
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(MerkleHashes::hex).toList();
  }

  @Test
  void rootsMatchThePublishedVectors() {
    LeafHashes leaves = ctLeaves();
    MerkleProofs proofs = new MerkleProofs(leaves);
    CompactRange range = new CompactRange();
    assertEquals(CT_ROOTS[0], MerkleHashes.hex(range.root()));
    for (int n = 1; n <= 8; n++) {
      range.appendLeaf(HEX.parseHex(CT_LEAVES[n - 1]));
      assertEquals(CT_ROOTS[n], MerkleHashes.hex(range.root()), "compact range, size " + n);
      assertEquals(CT_ROOTS[n], MerkleHashes.hex(proofs.root(n)), "proof builder, size " + n);
    }
  }

  @Test
  void inclusionProofsMatchThePublishedVectors() throws Exception {
    MerkleProofs proofs = new MerkleProofs(ctLeaves());
    // CT numbers leaves from 1 in these vectors: leaf 1 and leaf 6 of the tree of 8.
    assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"), hex(proofs.inclusion(0, 8)));
    assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), hex(proofs.inclusion(5, 8)));
    new InclusionProofVerifier().verify(5, 8, ctLeaves().get(5), proofs.inclusion(5, 8), HEX.parseHex(CT_ROOTS[8]));
  }

  @Test
  void consistencyProofsMatchThePublishedVectors() throws Exception {
    MerkleProofs proofs = new MerkleProofs(ctLeaves());
    assertEquals(List.of(), hex(proofs.consistency(1, 1)));
    assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"), hex(proofs.consistency(1, 8)));
    assertEquals(List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), hex(proofs.consistency(6, 8)));
    assertEquals(List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"), hex(proofs.consistency(2, 5)));
    new ConsistencyProofVerifier().verify(6, 8, HEX.parseHex(CT_ROOTS[6]), HEX.parseHex(CT_ROOTS[8]),
        proofs.consistency(6, 8));
  }

  // ---- the naive reference, written from RFC 9162 §2.1.1 and §2.1.3.1 over plain lists ----

  private static byte[] sha256(byte prefix, byte[]... parts) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    md.update(prefix);
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  private static byte[] mth(List<byte[]> d) throws Exception {
    if (d.isEmpty()) {
      return MessageDigest.getInstance("SHA-256").digest();
    }
    if (d.size() == 1) {
      return sha256((byte) 0, d.get(0));
    }
    int k = 1;
    while (k * 2 < d.size()) {
      k *= 2;
    }
    return sha256((byte) 1, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  private static List<byte[]> path(int m, List<byte[]> d) throws Exception {
    List<byte[]> out = new ArrayList<>();
    if (d.size() <= 1) {
      return out;
    }
    int k = 1;
    while (k * 2 < d.size()) {
      k *= 2;
    }
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  private static List<byte[]> data(int n) {
    List<byte[]> d = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      d.add(("event " + i + " " + "x".repeat(i % 7)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return d;
  }

  private static LeafHashes leavesOf(List<byte[]> d) {
    LeafHashes l = new LeafHashes(d.size());
    d.forEach(x -> l.add(MerkleHashes.leafHash(x)));
    return l;
  }

  @Test
  void everyRootUpTo300AgreesWithTheNaiveReference() throws Exception {
    List<byte[]> d = data(300);
    CompactRange range = new CompactRange();
    MerkleProofs proofs = new MerkleProofs(leavesOf(d));
    for (int n = 0; n <= 300; n++) {
      byte[] reference = mth(d.subList(0, n));
      assertArrayEquals(reference, range.root(), "compact range, size " + n);
      assertArrayEquals(reference, proofs.root(n), "proof builder, size " + n);
      if (n < 300) {
        range.appendLeaf(d.get(n));
      }
    }
  }

  @Test
  void everyInclusionProofUpTo130AgreesAndVerifies() throws Exception {
    List<byte[]> d = data(130);
    LeafHashes leaves = leavesOf(d);
    MerkleProofs proofs = new MerkleProofs(leaves);
    InclusionProofVerifier verifier = new InclusionProofVerifier();
    for (int n = 1; n <= 130; n++) {
      byte[] root = mth(d.subList(0, n));
      for (int m = 0; m < n; m++) {
        List<byte[]> proof = proofs.inclusion(m, n);
        assertEquals(hex(path(m, d.subList(0, n))), hex(proof), "PATH(" + m + ", " + n + ")");
        verifier.verify(m, n, leaves.get(m), proof, root);
      }
    }
  }

  @Test
  void everyConsistencyProofUpTo64Verifies() throws Exception {
    List<byte[]> d = data(64);
    MerkleProofs proofs = new MerkleProofs(leavesOf(d));
    ConsistencyProofVerifier verifier = new ConsistencyProofVerifier();
    for (int second = 0; second <= 64; second++) {
      byte[] secondRoot = mth(d.subList(0, second));
      for (int first = 0; first <= second; first++) {
        byte[] firstRoot = mth(d.subList(0, first));
        List<byte[]> proof = proofs.consistency(first, second);
        verifier.verify(first, second, firstRoot, secondRoot, proof);
        if (first > 0 && first < second) {
          byte[] wrong = firstRoot.clone();
          wrong[0] ^= 1;
          int f = first;
          int s = second;
          assertThrows(ProofVerificationException.class, () -> verifier.verify(f, s, wrong, secondRoot, proof),
              "a changed first root must not verify (" + first + " -> " + second + ")");
        }
      }
    }
  }

  @Test
  void tamperedInclusionProofsAreRefusedWithBothRoots() throws Exception {
    List<byte[]> d = data(21);
    LeafHashes leaves = leavesOf(d);
    MerkleProofs proofs = new MerkleProofs(leaves);
    byte[] root = proofs.root(21);
    InclusionProofVerifier verifier = new InclusionProofVerifier();
    List<byte[]> proof = new ArrayList<>(proofs.inclusion(13, 21));
    List<byte[]> truncated = proof.subList(0, proof.size() - 1);
    ProofVerificationException shortProof = assertThrows(ProofVerificationException.class,
        () -> verifier.verify(13, 21, leaves.get(13), truncated, root));
    assertTrue(shortProof.getMessage().contains("too short"), shortProof.getMessage());
    ProofVerificationException otherLeaf = assertThrows(ProofVerificationException.class,
        () -> verifier.verify(13, 21, leaves.get(12), proof, root));
    assertArrayEquals(root, otherLeaf.expectedRoot());
    assertEquals(32, otherLeaf.calculatedRoot().length);
    assertThrows(ProofVerificationException.class, () -> verifier.verify(21, 21, leaves.get(0), proof, root));
    // a rolled-back second tree can never be consistent with a larger first one
    assertThrows(ProofVerificationException.class,
        () -> new ConsistencyProofVerifier().verify(8, 5, proofs.root(8), proofs.root(5), List.of()));
  }
}
