package org.villagecast.protocol.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free loopback port in front of a server (e.g. a {@link Mosquitto}), which a test
 * can cut like a pulled cable: {@link #cutConnections()} resets every relayed connection without
 * any goodbye, so the server sees a client vanish (and publishes its last will) while the client's
 * process lives on. New connections are accepted and relayed again afterwards.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "tcp-proxy " + listener.getLocalPort());
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  /** Relays 127.0.0.1:{@link #port()} to 127.0.0.1:targetPort. */
  public static TcpProxy start(int targetPort) {
    try {
      return new TcpProxy(targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** The proxy's URL as Paho takes it. */
  public String url() {
    return "tcp://127.0.0.1:" + port();
  }

  /** Resets every relayed connection (TCP RST both ways); keeps accepting new ones. */
  public void cutConnections() {
    for (Socket socket : sockets) {
      reset(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cutConnections();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // listener closed, or the target refused: the client sees its connection reset
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // cut or closed
              }
              reset(to);
            },
            "tcp-proxy pump " + from.getPort());
    thread.setDaemon(true);
    thread.start();
  }

  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0); // close with RST, not FIN: no orderly goodbye
      socket.close();
    } catch (IOException ignored) {
      // already gone
    }
  }
}
