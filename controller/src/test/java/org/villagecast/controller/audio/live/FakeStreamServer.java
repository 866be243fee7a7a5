package org.villagecast.controller.audio.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream server that misbehaves on purpose, on a free loopback port: each connection gets the
 * answer a test writes (not HTTP, HTML, garbage, a stall, a redirect…). The request the hub sent is
 * kept for the test to look at.
 */
final class FakeStreamServer implements AutoCloseable {
  /** Writes the answer to one connection; returning closes it. */
  interface Answer {
    void write(OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  FakeStreamServer(Answer answer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket socket = server.accept();
                  connections.add(socket);
                  Thread serve = new Thread(() -> serve(socket, answer), "fake-stream-connection");
                  serve.setDaemon(true);
                  serve.start();
                } catch (IOException closed) {
                  return;
                }
              }
            },
            "fake-stream-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void serve(Socket socket, Answer answer) {
    try (socket) {
      requests.add(readRequest(socket.getInputStream()));
      answer.write(socket.getOutputStream());
      socket.getOutputStream().flush();
    } catch (IOException | InterruptedException e) {
      // The hub hung up, or the test ended: both are fine here.
    }
  }

  private static String readRequest(InputStream in) throws IOException {
    StringBuilder request = new StringBuilder();
    while (!request.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      request.append((char) b);
    }
    return request.toString();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  int port() {
    return server.getLocalPort();
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Sends {@code bytes} at about {@code bytesPerSecond}, in 1 KiB pieces, like a live server. */
  static void sendPaced(OutputStream out, byte[] bytes, int bytesPerSecond)
      throws IOException, InterruptedException {
    long started = System.nanoTime();
    for (int at = 0; at < bytes.length; at += 1024) {
      out.write(bytes, at, Math.min(1024, bytes.length - at));
      out.flush();
      long due = started + (long) ((at + 1024) * 1e9 / bytesPerSecond);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : connections) {
      socket.close();
    }
  }
}
