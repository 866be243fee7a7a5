package org.villagecast.controller.audio.live;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP GET of a live stream over a plain socket. Not {@code java.net.http.HttpClient}: stream
 * servers answer in dialects it refuses (SHOUTcast's {@code ICY 200 OK} status line), and its body
 * stream has no read timeout, which the stall detection needs. The request is HTTP/1.0, so the body
 * is the raw stream (no chunked encoding) and ends when the server closes the connection.
 *
 * <p>Every failure is a {@link SourceProblem} saying what happened and what to check.
 */
final class HttpStreamConnection implements AutoCloseable {
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_REDIRECTS = 5;

  private final Socket socket;
  private final InputStream body;
  private final String contentType;
  private final String where;

  private HttpStreamConnection(Socket socket, InputStream body, String contentType, String where) {
    this.socket = socket;
    this.body = body;
    this.contentType = contentType;
    this.where = where;
  }

  /**
   * Connects to {@code url}, follows up to 5 redirects, and returns once the server has answered
   * 200 with a type that may be MP3; reads then wait at most {@code pollInterval}.
   */
  static HttpStreamConnection open(
      URI url, Duration connectTimeout, Duration pollInterval, Closer closer) throws SourceProblem {
    URI target = url;
    for (int redirect = 0; ; redirect++) {
      Response response = request(target, connectTimeout, closer);
      if (response.status >= 300 && response.status < 400 && response.location != null) {
        response.close();
        if (redirect == MAX_REDIRECTS) {
          throw new SourceProblem(
              "the server sent more than "
                  + MAX_REDIRECTS
                  + " redirects from "
                  + LiveStreamConfig.redacted(url)
                  + ": give the hub the stream's final URL");
        }
        target = target.resolve(response.location);
        if (!"http".equalsIgnoreCase(target.getScheme())) {
          throw new SourceProblem(
              "the server redirects to "
                  + LiveStreamConfig.redacted(target)
                  + ", which the hub cannot pull (only http://): give it an http:// URL");
        }
        continue;
      }
      response.checkStatus();
      response.checkContentType();
      try {
        response.socket.setSoTimeout(Math.max(1, (int) pollInterval.toMillis()));
      } catch (IOException e) {
        response.close();
        throw new SourceProblem("the connection to " + response.where + " broke: " + e, e);
      }
      return new HttpStreamConnection(
          response.socket, response.in, response.contentType, response.where);
    }
  }

  /** The response body: the stream's bytes. Reads throw SocketTimeoutException each poll. */
  InputStream body() {
    return body;
  }

  /** The Content-Type the server gave, or "" when it gave none. */
  String contentType() {
    return contentType;
  }

  /** host:port, for messages. */
  String where() {
    return where;
  }

  /** Closes the socket; a read blocked in another thread then fails at once. Never throws. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all that is wanted; nothing to report.
    }
  }

  /** Lets {@link LiveStreamSource#close} break a connection that is still being opened. */
  interface Closer {
    void opened(Socket socket);
  }

  private static Response request(URI url, Duration connectTimeout, Closer closer)
      throws SourceProblem {
    String host = url.getHost();
    int port = url.getPort() < 0 ? 80 : url.getPort();
    String where = host + ":" + port;
    Socket socket = new Socket();
    closer.opened(socket);
    try {
      int timeout = (int) Math.max(1, connectTimeout.toMillis());
      socket.connect(new InetSocketAddress(host, port), timeout);
      socket.setSoTimeout(timeout);
      OutputStream out = socket.getOutputStream();
      out.write(requestText(url, host, port).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      Response response = new Response(socket, in, where);
      response.readHead(url);
      return response;
    } catch (SourceProblem e) {
      closeQuietly(socket);
      throw e;
    } catch (UnknownHostException e) {
      closeQuietly(socket);
      throw new SourceProblem(
          "cannot resolve the host name '" + host + "': check the URL and the hub's DNS", e);
    } catch (ConnectException e) {
      closeQuietly(socket);
      throw new SourceProblem(
          "connection refused by "
              + where
              + ": is the stream server running, and is the port in the URL right?",
          e);
    } catch (NoRouteToHostException e) {
      closeQuietly(socket);
      throw new SourceProblem(
          "no route to " + where + ": check the address and the network between hub and server", e);
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new SourceProblem(
          "no answer from "
              + where
              + " within "
              + connectTimeout.toMillis()
              + " ms: is the address right and the server reachable (firewall)?",
          e);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new SourceProblem("the connection to " + where + " failed (" + e.getMessage() + ")", e);
    }
  }

  private static String requestText(URI url, String host, int port) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      path += "?" + url.getRawQuery();
    }
    StringBuilder request = new StringBuilder();
    request.append("GET ").append(path).append(" HTTP/1.0\r\n");
    request.append("Host: ").append(host).append(port == 80 ? "" : ":" + port).append("\r\n");
    request.append("User-Agent: villagecast-hub\r\n");
    request.append("Accept: audio/mpeg, */*\r\n");
    // No in-band titles: they would interleave metadata blocks with the MP3 bytes.
    request.append("Icy-MetaData: 0\r\n");
    if (url.getRawUserInfo() != null) {
      // getUserInfo decodes %XX only ('+' stays '+', unlike form decoding).
      String credentials = url.getUserInfo();
      request
          .append("Authorization: Basic ")
          .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
          .append("\r\n");
    }
    return request.append("\r\n").toString();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already failing; the first error is the one to report.
    }
  }

  /** A response's status line and headers, read up to the body. */
  private static final class Response {
    final Socket socket;
    final BufferedInputStream in;
    final String where;
    int status;
    String statusLine = "";
    String location;
    String contentType = "";
    final Map<String, String> headers = new LinkedHashMap<>();
    private String url = "";

    Response(Socket socket, BufferedInputStream in, String where) {
      this.socket = socket;
      this.in = in;
      this.where = where;
    }

    void readHead(URI uri) throws IOException, SourceProblem {
      url = LiveStreamConfig.redacted(uri);
      int[] budget = {MAX_HEADER_BYTES};
      statusLine = readLine(budget);
      if (statusLine == null) {
        throw new SourceProblem(
            where + " closed the connection without answering: is it a stream server?");
      }
      String[] parts = statusLine.split(" ", 3);
      boolean http = parts[0].startsWith("HTTP/") || parts[0].equals("ICY");
      if (!http || parts.length < 2 || !parts[1].matches("[0-9]{3}")) {
        throw new SourceProblem(
            where
                + " does not answer in HTTP (it sent '"
                + printable(statusLine)
                + "'): is the port in the URL the stream server's?");
      }
      status = Integer.parseInt(parts[1]);
      while (true) {
        String line = readLine(budget);
        if (line == null || line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.put(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).trim());
        }
      }
      location = headers.get("location");
      contentType = headers.getOrDefault("content-type", "");
    }

    void checkStatus() throws SourceProblem {
      if (status == 200) {
        return;
      }
      String answer = "'" + printable(statusLine) + "'";
      close();
      if (status == 404) {
        throw new SourceProblem(
            "the server has no stream at "
                + url
                + " ("
                + answer
                + "): is the encoder sending to this mount point, and is the path right?");
      }
      if (status == 401 || status == 403) {
        throw new SourceProblem(
            "the server refuses the hub at "
                + url
                + " ("
                + answer
                + "): check the user and password in the URL, or the server's listener limit");
      }
      if (status >= 500) {
        throw new SourceProblem(
            "the stream server failed (" + answer + "): look at the stream server's log");
      }
      throw new SourceProblem(
          "the server answered " + answer + " instead of a stream: check the URL " + url);
    }

    void checkContentType() throws SourceProblem {
      String type = contentType.toLowerCase(Locale.ROOT);
      boolean mayBeMp3 =
          type.isEmpty()
              || type.startsWith("audio/mpeg")
              || type.startsWith("audio/mp3")
              || type.startsWith("audio/x-mpeg")
              || type.startsWith("application/octet-stream");
      if (!mayBeMp3) {
        close();
        throw new SourceProblem(
            "the stream at "
                + url
                + " is not MP3 (its Content-Type is '"
                + printable(contentType)
                + "'): the hub relays MP3 streams; point it at an MP3 mount");
      }
    }

    void close() {
      closeQuietly(socket);
    }

    private String readLine(int[] budget) throws IOException, SourceProblem {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }
        if (--budget[0] < 0) {
          throw new SourceProblem(
              where + " sent more than 16 KiB of headers: is the port the stream server's?");
        }
        if (b == '\n') {
          String text = line.toString(StandardCharsets.ISO_8859_1);
          return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        line.write(b);
      }
    }
  }

  /** At most 60 characters, control and non-ASCII bytes as '.', for messages. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 60; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '.');
    }
    return text.length() > 60 ? out + "…" : out.toString();
  }
}
