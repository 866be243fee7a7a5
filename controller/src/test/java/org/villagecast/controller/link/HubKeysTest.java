package org.villagecast.controller.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.KeyRing;

/** The hub's signing key on disk: made once, loaded afterwards, never replaced silently. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HubKeysTest {
  @TempDir Path dataDir;

  private Path keysDir() {
    return dataDir.resolve("keys");
  }

  /**
   * Verifies that the first start makes a key under key id 1: a private key file readable by the
   * owner only, and hub-key.pub with the public key as 64 hex digits.
   */
  @Test
  void firstStart_makesKeyWithOwnerOnlyPrivateFile() throws Exception {
    // GIVEN an empty data directory

    // WHEN the hub starts
    HubKeys keys = HubKeys.loadOrCreate(keysDir());

    // THEN
    assertThat(keys.created()).isTrue();
    assertThat(keys.keyId()).isEqualTo(1);
    Path privateFile = keysDir().resolve("hub-key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysDir())))
        .isEqualTo("rwx------");
    String publicText = Files.readString(keysDir().resolve("hub-key.pub"));
    assertThat(publicText).matches("[0-9a-f]{64}\n");
    assertThat(HexFormat.of().parseHex(publicText.strip())).isEqualTo(keys.rawPublicKey());
    assertThat(Ed25519Keys.rawPublic(keys.publicKey())).isEqualTo(keys.rawPublicKey());
    assertThat(Files.readString(privateFile)).doesNotContain(keys.publicKeyHex());
    assertThat(keys.toString()).doesNotContain(HexFormat.of().formatHex(seedOf(privateFile)));
  }

  /**
   * Verifies that a later start loads the same key, and that its signatures verify with the public
   * key in hub-key.pub, read the way field-tools reads --hub-key (64 hex digits).
   */
  @Test
  void laterStart_loadsSameKey() throws Exception {
    // GIVEN a key made on an earlier start
    HubKeys first = HubKeys.loadOrCreate(keysDir());

    // WHEN the hub starts again
    HubKeys again = HubKeys.loadOrCreate(keysDir());

    // THEN it is the same key, and it signs frames that a terminal trusting hub-key.pub accepts
    assertThat(again.created()).isFalse();
    assertThat(again.keyId()).isEqualTo(first.keyId());
    assertThat(again.rawPublicKey()).isEqualTo(first.rawPublicKey());
    assertThat(again.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
    byte[] raw =
        HexFormat.of()
            .parseHex(
                Files.readString(keysDir().resolve("hub-key.pub"), StandardCharsets.US_ASCII)
                    .strip());
    KeyRing ring = new KeyRing();
    ring.add(again.keyId(), Ed25519Keys.publicFromRaw(raw));
    byte[] wire =
        again
            .signer()
            .encodeSigned(
                Frame.of(Address.all(), 1, 0, 1, new Message.SetVolume(40)).withAckRequested(true));
    assertThat(ring.verify(wire, FrameCodec.decode(wire))).isEqualTo(KeyRing.Check.VALID);
  }

  /** Verifies that a new key can be made under another key id, which later starts keep. */
  @Test
  void keyIdForNewKey_keptInTheFile() {
    // GIVEN / WHEN a key made under key id 7
    HubKeys made = HubKeys.loadOrCreate(keysDir(), 7);

    // THEN loading (whatever id is asked for a new key) keeps 7
    assertThat(made.keyId()).isEqualTo(7);
    assertThat(HubKeys.loadOrCreate(keysDir()).keyId()).isEqualTo(7);
  }

  /**
   * Verifies that a damaged private key file stops the start with a message naming the file and
   * what to do, and that no new key replaces it.
   */
  @Test
  void corruptPrivateFile_clearErrorNoNewKey() throws Exception {
    // GIVEN a key whose private key file was cut short
    HubKeys.loadOrCreate(keysDir());
    Path privateFile = keysDir().resolve("hub-key");
    Files.writeString(
        privateFile, Files.readString(privateFile).replaceAll("(private-key=\\w{10})\\w+", "$1"));
    byte[] before = Files.readAllBytes(privateFile);
    byte[] publicBefore = Files.readAllBytes(keysDir().resolve("hub-key.pub"));

    // WHEN the hub starts
    // THEN
    assertThatThrownBy(() -> HubKeys.loadOrCreate(keysDir()))
        .isInstanceOf(HubKeyException.class)
        .hasMessageContaining(privateFile.toString())
        .hasMessageContaining("is not a valid hub signing key (private-key has 5 bytes, not 32)")
        .hasMessageContaining("Restore it from a backup");
    assertThat(Files.readAllBytes(privateFile)).isEqualTo(before);
    assertThat(Files.readAllBytes(keysDir().resolve("hub-key.pub"))).isEqualTo(publicBefore);
  }

  /** Verifies that a private key of the wrong length or with non-hex digits is refused clearly. */
  @Test
  void badPrivateKeyValues_refused() throws Exception {
    // GIVEN hand-edited key files
    Files.createDirectories(keysDir());
    Path privateFile = keysDir().resolve("hub-key");
    String[] contents = {
      "key-id=1\nprivate-key=abcd\n",
      "key-id=1\nprivate-key=" + "zz".repeat(32) + "\n",
      "key-id=70000\nprivate-key=" + "00".repeat(32) + "\n",
      "private-key=" + "00".repeat(32) + "\n",
      "",
      "garbage\n"
    };
    String[] reasons = {
      "private-key has 2 bytes, not 32",
      "private-key=",
      "key-id 70000 is outside 0..65535",
      "no 'key-id'",
      "no 'key-id'",
      "neither a comment nor name=value"
    };
    for (int i = 0; i < contents.length; i++) {
      Files.writeString(privateFile, contents[i]);

      // WHEN / THEN
      int index = i;
      assertThatThrownBy(() -> HubKeys.loadOrCreate(keysDir()))
          .as("content %d", index)
          .isInstanceOf(HubKeyException.class)
          .hasMessageStartingWith(privateFile + " is not a valid hub signing key (")
          .satisfies(
              e -> {
                if (index != 1) {
                  assertThat(e.getMessage()).contains(reasons[index]);
                }
              });
    }
  }

  /**
   * Verifies that hub-key.pub without hub-key (the private key lost or moved) is an error, not a
   * new key.
   */
  @Test
  void publicWithoutPrivate_clearErrorNoNewKey() throws Exception {
    // GIVEN a key whose private file is gone
    HubKeys.loadOrCreate(keysDir());
    Files.delete(keysDir().resolve("hub-key"));

    // WHEN / THEN
    assertThatThrownBy(() -> HubKeys.loadOrCreate(keysDir()))
        .isInstanceOf(HubKeyException.class)
        .hasMessageContaining("hub-key.pub exists but")
        .hasMessageContaining("Restore " + keysDir().resolve("hub-key"));
    assertThat(keysDir().resolve("hub-key")).doesNotExist();
  }

  /**
   * Verifies that a damaged hub-key.pub is written again from the private key, but that a valid
   * different public key (one of the pair swapped) stops the start.
   */
  @Test
  void publicFile_rewrittenWhenDamagedRefusedWhenDifferent() throws Exception {
    // GIVEN a key, then its public file damaged
    HubKeys keys = HubKeys.loadOrCreate(keysDir());
    Path publicFile = keysDir().resolve("hub-key.pub");
    Files.writeString(publicFile, "not hex\n");

    // WHEN the hub starts
    HubKeys loaded = HubKeys.loadOrCreate(keysDir());

    // THEN the file is whole again
    assertThat(Files.readString(publicFile)).isEqualTo(keys.publicKeyHex() + "\n");
    assertThat(loaded.rawPublicKey()).isEqualTo(keys.rawPublicKey());

    // GIVEN another valid public key in it
    Files.writeString(
        publicFile,
        HexFormat.of().formatHex(Ed25519Keys.rawPublic(Ed25519Keys.generate().getPublic())));

    // WHEN / THEN
    assertThatThrownBy(() -> HubKeys.loadOrCreate(keysDir()))
        .isInstanceOf(HubKeyException.class)
        .hasMessageContaining("holds a different public key than");
  }

  /** Verifies that a private key file others can read is made owner-only again on load. */
  @Test
  void loosePermissions_tightened() throws Exception {
    // GIVEN a key file made world-readable
    HubKeys.loadOrCreate(keysDir());
    Path privateFile = keysDir().resolve("hub-key");
    Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-r--r--"));

    // WHEN the hub starts
    HubKeys.loadOrCreate(keysDir());

    // THEN
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)))
        .isEqualTo("rw-------");
  }

  private static byte[] seedOf(Path privateFile) throws Exception {
    for (String line : Files.readAllLines(privateFile)) {
      if (line.startsWith("private-key=")) {
        return HexFormat.of().parseHex(line.substring("private-key=".length()));
      }
    }
    throw new AssertionError("no private-key line");
  }
}
