package eu.mlagw.transport;

import eu.mlagw.error.GatewayException;
import java.nio.file.Path;

/**
 * What a {@link PeerServer} hands each received package to (e.g. the routing layer, which opens it
 * and delivers it to the recipient's inbox).
 *
 * <p>When it is called, the caller is an authenticated, configured peer, the metadata is valid and
 * {@code receivedFile} holds exactly {@code metadata.packageSize()} bytes whose SHA-256 is
 * {@code metadata.packageSha256()}. The file is deleted when this method returns: move or copy it
 * to keep it. Called on a server worker thread, possibly concurrently for different transfers.
 * A refusal (a thrown GatewayException, or a refused receipt) is logged by the receiver, which
 * knows why; the server passes it to the sender without a log line of its own.
 */
@FunctionalInterface
public interface PackageReceiver {

  /**
   * Takes over one package. Returns the receipt for the sender (the server always sets its exchange
   * id and receiving gateway; {@code null} means accepted with no message), or throws to refuse:
   * the exception's reason code and message go back to the sender in a receipt with
   * {@code accepted=false}.
   */
  TransferReceipt receive(TransferMetadata metadata, Path receivedFile, String peerGatewayId) throws GatewayException;
}
