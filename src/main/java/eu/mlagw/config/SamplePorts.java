package eu.mlagw.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;

/**
 * Free loopback ports for sample configurations (the demo, test harnesses) that must name every
 * gateway's ports before the gateways start.
 *
 * <p>Why not {@code new ServerSocket(0)}: that hands out a port from the kernel's ephemeral range,
 * the same range outgoing connections take their local ports from. Between picking a port and
 * binding it, a running gateway's own connections (Hazelcast, TLS clients) could take it ("Address
 * already in use"). Ports below the ephemeral range (Linux default 32768–60999) are never given to
 * outgoing connections, so only a real listener can collide, which the bind test here catches.
 */
public final class SamplePorts {
  private static final int FROM = 20_000;
  private static final int TO = 32_000; // exclusive; below /proc/sys/net/ipv4/ip_local_port_range
  private static final SecureRandom RANDOM = new SecureRandom();

  private SamplePorts() {}

  /** A port on 127.0.0.1 that was free a moment ago, outside the ephemeral range when one is free there. */
  public static int free() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = FROM + RANDOM.nextInt(TO - FROM);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // someone listens there: try another
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
