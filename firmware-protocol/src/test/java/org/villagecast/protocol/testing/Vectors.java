package org.villagecast.protocol.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the golden vector files under {@code src/test/resources/vectors/}: one frame a line as
 * {@code <hex> # <NAME>: <what it is>}; lines starting with '#' and blank lines are comments. The
 * files are made by {@code make_vectors.py} and committed, so no test needs Python or OpenSSL.
 */
public final class Vectors {
  private Vectors() {}

  /** Classpath location of the protocol frames. */
  public static final String FRAMES = "/vectors/frames.hex";

  /** Classpath location of the RS-485 bus frames. */
  public static final String BUS_FRAMES = "/vectors/bus-frames.hex";

  /** One line of a vector file. */
  public record Vector(String name, String description, byte[] bytes) {
    public Vector {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final Map<String, List<Vector>> CACHE = new ConcurrentHashMap<>();

  /** Every vector of a file, in file order. */
  public static List<Vector> read(String resource) {
    return CACHE.computeIfAbsent(resource, Vectors::load);
  }

  private static List<Vector> load(String resource) {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + resource);
      }
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        vectors.add(parse(line, resource + ":" + (i + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(vectors);
  }

  /** The vectors of a file by name; names are unique. */
  public static Map<String, Vector> byName(String resource) {
    Map<String, Vector> byName = new LinkedHashMap<>();
    for (Vector vector : read(resource)) {
      if (byName.put(vector.name(), vector) != null) {
        throw new IllegalStateException("vector name " + vector.name() + " twice in " + resource);
      }
    }
    return byName;
  }

  private static Vector parse(String line, String where) {
    int hash = line.indexOf("  # ");
    int colon = line.indexOf(": ", hash);
    if (hash < 0 || colon < 0) {
      throw new IllegalStateException(where + ": not '<hex>  # <NAME>: <what it is>'");
    }
    return new Vector(
        line.substring(hash + 4, colon),
        line.substring(colon + 2),
        HexFormat.of().parseHex(line.substring(0, hash)));
  }

  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
