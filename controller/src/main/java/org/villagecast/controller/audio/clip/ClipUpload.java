package org.villagecast.controller.audio.clip;

/**
 * A file someone wants in the clip library, before it is checked.
 *
 * @param bytes the whole file as uploaded
 * @param name the clip's name, 1 to {@link #MAX_NAME} characters
 * @param fileName the file's own name if known (for the record only: the format is sniffed from the
 *     bytes), or null
 * @param uploadedBy the user who uploads it
 */
public record ClipUpload(byte[] bytes, String name, String fileName, String uploadedBy) {
  /** Longest clip name and file name. */
  public static final int MAX_NAME = 200;

  public ClipUpload {
    if (bytes == null) {
      throw new IllegalArgumentException("no bytes");
    }
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("a clip name has 1 to " + MAX_NAME + " characters");
    }
    if (fileName != null && (fileName.isBlank() || fileName.length() > MAX_NAME)) {
      throw new IllegalArgumentException("a file name has 1 to " + MAX_NAME + " characters");
    }
    if (uploadedBy == null || uploadedBy.isBlank()) {
      throw new IllegalArgumentException("no uploader");
    }
  }
}
