package eu.mlagw.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.GenericKey;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JceGenericKey;

/**
 * AES-256-GCM content encryption for Bouncy Castle's CMS stream generator, done by the JDK's
 * SunJCE cipher (AES-NI and CLMUL intrinsics) through {@code update(in, off, len, out, outOff)}
 * with one reused output buffer: no allocation per write. Fresh random key and 96-bit nonce per
 * instance; one instance encrypts exactly one envelope. Not thread-safe.
 */
final class JdkGcmEncryptor implements OutputAEADEncryptor {
  static final int TAG_LENGTH = 16;
  /**
   * Bytes per cipher call, here, in {@link FastGcmDecryption} and in {@link CipherWarmUp}: large
   * writes are sliced so scratch buffers stay small and fixed, and so every call takes the same
   * path through SunJCE's GCM (below its 7680-byte threshold for a different bulk path) as the
   * warm-up compiled.
   */
  static final int CALL_SIZE = 4096;

  private final Cipher cipher;
  private final SecretKeySpec key;
  private final AlgorithmIdentifier algorithm;
  private byte[] mac;

  JdkGcmEncryptor(SecureRandom random) throws GeneralSecurityException {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    this.key = new SecretKeySpec(raw, "AES");
    Arrays.fill(raw, (byte) 0);
    this.cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
    this.algorithm = new AlgorithmIdentifier(NISTObjectIdentifiers.id_aes256_GCM, new GCMParameters(nonce, TAG_LENGTH));
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return algorithm;
  }

  @Override
  public GenericKey getKey() {
    return new JceGenericKey(algorithm, key);
  }

  @Override
  public OutputStream getAADStream() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        cipher.updateAAD(new byte[] {(byte) b});
      }

      @Override
      public void write(byte[] b, int off, int len) {
        cipher.updateAAD(b, off, len);
      }
    };
  }

  @Override
  public byte[] getMAC() {
    if (mac == null) {
      throw new IllegalStateException("the MAC exists only after the content stream is closed");
    }
    return mac.clone();
  }

  @Override
  public OutputStream getOutputStream(OutputStream out) {
    return new FilterOutputStream(out) {
      private final byte[] buffer = new byte[64 * 1024 + 64];
      private boolean closed;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        try {
          int pos = 0;
          for (int end = off + len; off < end; off += CALL_SIZE) {
            if (pos > buffer.length - CALL_SIZE - 32) {
              out.write(buffer, 0, pos);
              pos = 0;
            }
            pos += cipher.update(b, off, Math.min(CALL_SIZE, end - off), buffer, pos);
          }
          out.write(buffer, 0, pos);
        } catch (GeneralSecurityException e) {
          throw new IOException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try {
          byte[] tail = cipher.doFinal();
          out.write(tail, 0, tail.length - TAG_LENGTH);
          mac = Arrays.copyOfRange(tail, tail.length - TAG_LENGTH, tail.length);
        } catch (GeneralSecurityException e) {
          throw new IOException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
        // Not closing `out`: the CMS generator closes the OCTET STRING it handed us itself, and a
        // second close would write a second end-of-contents marker.
        out.flush();
      }
    };
  }
}
