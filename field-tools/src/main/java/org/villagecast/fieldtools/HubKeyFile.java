package org.villagecast.fieldtools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HexFormat;
import org.villagecast.protocol.security.Ed25519Keys;

/** Reads a hub public key: a file of the raw 32 bytes, or of 64 hex digits. */
final class HubKeyFile {
  private HubKeyFile() {}

  static PublicKey read(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    if (content.length == Ed25519Keys.RAW_SIZE) {
      return Ed25519Keys.publicFromRaw(content);
    }
    String text = new String(content, StandardCharsets.US_ASCII).strip();
    if (text.length() == 2 * Ed25519Keys.RAW_SIZE) {
      try {
        return Ed25519Keys.publicFromRaw(HexFormat.of().parseHex(text));
      } catch (IllegalArgumentException notHex) {
        // fall through to the message below
      }
    }
    throw new IllegalArgumentException(
        file
            + " is not an Ed25519 public key: expected 32 raw bytes or 64 hex digits, found "
            + content.length
            + " bytes");
  }
}
