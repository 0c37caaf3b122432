package eu.mlagw.crypto;

import java.io.IOException;

/**
 * A structural problem in BER/CMS input (wrong tag, impossible length, nesting too deep): the input
 * is malformed, as opposed to an I/O failure of the disk or network. Callers map it to MALFORMED (or
 * to ENVELOPE_TAMPERED once part of an envelope was authenticated), never to IO_ERROR.
 */
class BerStructureException extends IOException {
  BerStructureException(String message) {
    super(message);
  }
}
