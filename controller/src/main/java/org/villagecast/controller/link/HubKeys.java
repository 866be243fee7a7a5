package org.villagecast.controller.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.protocol.security.Ed25519Keys;

/**
 * The hub's Ed25519 signing key, kept in a directory (the hub uses {@code {dataDir}/keys}):
 *
 * <ul>
 *   <li>{@value #PRIVATE_FILE}: the key id and the private key (RFC 8032 seed) in hex, readable by
 *       the owner only ({@code rw-------});
 *   <li>{@value #PUBLIC_FILE}: the public key as 64 hex digits, the file that {@code field-tools
 *       simulate --hub-key} and the terminal provisioning take.
 * </ul>
 *
 * <p>The first start makes the key (key id {@value #DEFAULT_KEY_ID} unless told otherwise); later
 * starts load it. A damaged or missing private key is an error that names the file and what to do,
 * never a silent new key: terminals trust only the old one and would refuse every command.
 */
public final class HubKeys {
  private static final Logger LOG = LoggerFactory.getLogger(HubKeys.class);

  public static final int DEFAULT_KEY_ID = 1;
  public static final String PRIVATE_FILE = "hub-key";
  public static final String PUBLIC_FILE = "hub-key.pub";

  static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private static final String KEY_ID = "key-id";
  private static final String PRIVATE_KEY = "private-key";
  private static final HexFormat HEX = HexFormat.of();

  private final Path directory;
  private final int keyId;
  private final byte[] seed;
  private final byte[] rawPublic;
  private final boolean created;

  private HubKeys(Path directory, int keyId, byte[] seed, byte[] rawPublic, boolean created) {
    this.directory = directory;
    this.keyId = keyId;
    this.seed = seed;
    this.rawPublic = rawPublic;
    this.created = created;
  }

  /** Loads the key from {@code keysDir}, or makes one with key id 1 if the directory has none. */
  public static HubKeys loadOrCreate(Path keysDir) {
    return loadOrCreate(keysDir, DEFAULT_KEY_ID);
  }

  /**
   * Loads the key from {@code keysDir}, or makes one under {@code keyIdForNewKey} if there is none.
   * Blocking file I/O: call it at start-up, not on an event loop.
   *
   * @throws HubKeyException naming the file and what to do, when the key cannot be read or made
   */
  public static HubKeys loadOrCreate(Path keysDir, int keyIdForNewKey) {
    checkKeyId(keyIdForNewKey, "key id for a new key");
    Path privateFile = keysDir.resolve(PRIVATE_FILE);
    Path publicFile = keysDir.resolve(PUBLIC_FILE);
    if (Files.exists(privateFile, LinkOption.NOFOLLOW_LINKS)) {
      return load(keysDir);
    }
    if (Files.exists(publicFile)) {
      throw new HubKeyException(
          publicFile
              + " exists but "
              + privateFile
              + " does not: the hub's signing key is missing. Restore "
              + privateFile
              + " from a backup. Only if it is lost for good: delete "
              + publicFile
              + " so that the hub makes a new key, then give every terminal the new "
              + PUBLIC_FILE
              + " (they refuse commands signed by a key they do not trust).");
    }
    return create(keysDir, keyIdForNewKey);
  }

  /** The key id that terminals know this key by. */
  public int keyId() {
    return keyId;
  }

  public PrivateKey privateKey() {
    return Ed25519Keys.privateFromRaw(seed);
  }

  public PublicKey publicKey() {
    return Ed25519Keys.publicFromRaw(rawPublic);
  }

  /** The public key as 32 raw bytes (RFC 8032), as KEY_UPDATE carries it. */
  public byte[] rawPublicKey() {
    return rawPublic.clone();
  }

  /** The public key as 64 lower-case hex digits, the content of {@value #PUBLIC_FILE}. */
  public String publicKeyHex() {
    return HEX.formatHex(rawPublic);
  }

  /** A BouncyCastle signer with this key and key id. */
  public FrameSigner signer() {
    return new FrameSigner(keyId, seed);
  }

  public Path directory() {
    return directory;
  }

  public Path privateKeyFile() {
    return directory.resolve(PRIVATE_FILE);
  }

  public Path publicKeyFile() {
    return directory.resolve(PUBLIC_FILE);
  }

  /** Whether this start made the key (the first start on this data directory). */
  public boolean created() {
    return created;
  }

  /** Never shows the private key. */
  @Override
  public String toString() {
    return "HubKeys[keyId=" + keyId + ", public=" + publicKeyHex() + ", in " + directory + "]";
  }

  // ---- create ----

  private static HubKeys create(Path keysDir, int keyId) {
    KeyPair pair = Ed25519Keys.generate();
    byte[] seed = Ed25519Keys.rawPrivate(pair.getPrivate());
    byte[] rawPublic = Ed25519Keys.rawPublic(pair.getPublic());
    Path privateFile = keysDir.resolve(PRIVATE_FILE);
    try {
      createDirectory(keysDir);
      String content =
          "# villagecast hub signing key (Ed25519): key id and private key"
              + " (RFC 8032 seed) in hex.\n"
              + "# Keep it secret and back it up. Terminals trust only its public key ("
              + PUBLIC_FILE
              + ");\n"
              + "# a new key means giving every terminal the new public key.\n"
              + KEY_ID
              + "="
              + keyId
              + "\n"
              + PRIVATE_KEY
              + "="
              + HEX.formatHex(seed)
              + "\n";
      writeAtomically(privateFile, content, true);
      writePublic(keysDir.resolve(PUBLIC_FILE), rawPublic);
    } catch (IOException e) {
      throw new HubKeyException(
          "cannot write the hub's signing key to "
              + keysDir
              + ": "
              + e
              + "; check that the data directory is writable by this user",
          e);
    }
    LOG.info(
        "Made a new hub signing key, key id {}, in {}; give terminals its public key {} ({})",
        keyId,
        privateFile,
        HEX.formatHex(rawPublic),
        keysDir.resolve(PUBLIC_FILE));
    return new HubKeys(keysDir, keyId, seed, rawPublic, true);
  }

  private static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix(dir.toAbsolutePath().getParent())) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
    } else {
      Files.createDirectories(dir);
    }
  }

  private static void writePublic(Path file, byte[] rawPublic) throws IOException {
    writeAtomically(file, HEX.formatHex(rawPublic) + "\n", false);
  }

  /**
   * Writes a temporary file and moves it into place, so a crash never leaves half a key. A secret
   * file is created owner-only, so it is never readable by others, not even for a moment.
   */
  private static void writeAtomically(Path file, String content, boolean secret)
      throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    FileAttribute<?>[] attributes =
        secret && posix(file.getParent())
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    try {
      Files.createFile(temporary, attributes);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(
          temporary + " appeared while writing the key; is a second hub running?");
    }
    Files.writeString(temporary, content, StandardCharsets.US_ASCII);
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  // ---- load ----

  private static HubKeys load(Path keysDir) {
    Path privateFile = keysDir.resolve(PRIVATE_FILE);
    Path publicFile = keysDir.resolve(PUBLIC_FILE);
    String text;
    try {
      text = Files.readString(privateFile, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new HubKeyException(
          "cannot read the hub's signing key "
              + privateFile
              + ": "
              + e
              + "; check its owner and permissions (the hub must run as the user who owns it)",
          e);
    }
    Map<String, String> fields = parse(privateFile, text);
    int keyId;
    byte[] seed;
    try {
      keyId = Integer.parseInt(required(fields, KEY_ID, privateFile));
      checkKeyId(keyId, KEY_ID);
      seed = HEX.parseHex(required(fields, PRIVATE_KEY, privateFile));
      if (seed.length != Ed25519Keys.RAW_SIZE) {
        throw new IllegalArgumentException(
            PRIVATE_KEY + " has " + seed.length + " bytes, not " + Ed25519Keys.RAW_SIZE);
      }
    } catch (IllegalArgumentException e) {
      throw damaged(privateFile, e.getMessage());
    }
    byte[] rawPublic = new FrameSigner(keyId, seed).publicKey();
    checkPermissions(privateFile);
    checkPublicFile(publicFile, privateFile, rawPublic);
    LOG.info(
        "Hub signing key id {} loaded from {}; public key {}",
        keyId,
        privateFile,
        HEX.formatHex(rawPublic));
    return new HubKeys(keysDir, keyId, seed, rawPublic, false);
  }

  private static Map<String, String> parse(Path file, String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals <= 0) {
        throw damaged(file, "a line is neither a comment nor name=value");
      }
      fields.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
    }
    return fields;
  }

  private static String required(Map<String, String> fields, String name, Path file) {
    String value = fields.get(name);
    if (value == null || value.isEmpty()) {
      throw damaged(file, "no '" + name + "'");
    }
    return value;
  }

  private static HubKeyException damaged(Path file, String what) {
    return new HubKeyException(
        file
            + " is not a valid hub signing key ("
            + what
            + "). Restore it from a backup; the hub will not make a new key by itself, because"
            + " terminals trust only the old one. Only if the key is lost for good: move "
            + file
            + " and "
            + PUBLIC_FILE
            + " aside, start the hub to make a new key, and give every terminal the new "
            + PUBLIC_FILE
            + ".");
  }

  /**
   * The public file is derived from the private one: a damaged copy is rewritten, but a valid
   * different key means someone swapped one of the two files, and which one terminals trust is for
   * a person to decide.
   */
  private static void checkPublicFile(Path publicFile, Path privateFile, byte[] rawPublic) {
    byte[] stored = null;
    try {
      String text = Files.readString(publicFile, StandardCharsets.US_ASCII).strip();
      stored = HEX.parseHex(text);
    } catch (NoSuchFileException e) {
      // rewritten below
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("{} is unreadable ({}); writing it again from {}", publicFile, e, privateFile);
    }
    if (stored != null && stored.length == Ed25519Keys.RAW_SIZE) {
      if (java.util.Arrays.equals(stored, rawPublic)) {
        return;
      }
      throw new HubKeyException(
          publicFile
              + " holds a different public key than "
              + privateFile
              + " (one of the two files was replaced). Put back the pair that belong together;"
              + " terminals trust the public key they were given: "
              + HEX.formatHex(stored)
              + " is in "
              + publicFile
              + ", "
              + HEX.formatHex(rawPublic)
              + " belongs to "
              + privateFile
              + ".");
    }
    try {
      writePublic(publicFile, rawPublic);
    } catch (IOException e) {
      throw new HubKeyException(
          "cannot write " + publicFile + ": " + e + "; check that the directory is writable", e);
    }
  }

  /** Tightens a private key file that others can read, and says so. */
  private static void checkPermissions(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      Set<PosixFilePermission> now = view.readAttributes().permissions();
      if (!OWNER_ONLY.containsAll(now)) {
        view.setPermissions(OWNER_ONLY);
        LOG.warn(
            "{} was readable by others ({}); made it owner-only (rw-------). If others could read"
                + " it, consider the key exposed and rotate it (KEY_UPDATE).",
            file,
            PosixFilePermissions.toString(now));
      }
    } catch (IOException e) {
      LOG.warn("cannot check the permissions of {}: {}", file, e.toString());
    }
  }

  private static boolean posix(Path dir) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
  }

  private static void checkKeyId(int keyId, String what) {
    if (keyId < 0 || keyId > 0xFFFF) {
      throw new IllegalArgumentException(what + " " + keyId + " is outside 0..65535");
    }
  }
}
