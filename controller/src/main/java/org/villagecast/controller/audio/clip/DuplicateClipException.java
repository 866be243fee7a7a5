package org.villagecast.controller.audio.clip;

/**
 * The uploaded file is already in the library (same SHA-256). The message names the clip that holds
 * it, so the uploader can use that one or delete it first.
 */
public final class DuplicateClipException extends Exception {
  private final transient Clip existing;

  public DuplicateClipException(Clip existing) {
    super(
        "this file is already in the library as clip "
            + existing.id()
            + " '"
            + existing.name()
            + "' (uploaded by "
            + existing.uploadedBy()
            + "): use that clip, or delete it first to upload the file again");
    this.existing = existing;
  }

  /** The clip that already holds the file. */
  public Clip existing() {
    return existing;
  }
}
