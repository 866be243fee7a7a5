package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The H2 URL the hub builds for its data directory. */
class H2UrlTest {

  /** Verifies that a relative path gets the ./ H2 requires, and the recommended settings. */
  @Test
  void h2FileUrl_relativePath_explicitlyRelative() {
    assertThat(Database.h2FileUrl(Path.of("data/villagecast")))
        .isEqualTo("jdbc:h2:file:./data/villagecast;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(Database.h2FileUrl(Path.of("./data/villagecast")))
        .isEqualTo("jdbc:h2:file:./data/villagecast;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE");
  }

  /** Verifies that an absolute path is kept as it is. */
  @Test
  void h2FileUrl_absolutePath_kept() {
    assertThat(Database.h2FileUrl(Path.of("/var/lib/villagecast/db")))
        .isEqualTo("jdbc:h2:file:/var/lib/villagecast/db;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE");
  }

  /** Verifies that passwords written into a URL are hidden in logs and messages. */
  @Test
  void redact_hidesPasswords() {
    assertThat(Database.redact("jdbc:postgresql://db:5432/vc?user=hub&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/vc?user=hub&password=***&ssl=true");
    assertThat(Database.redact("jdbc:h2:file:./data/v;PASSWORD=abc;AUTO_SERVER=FALSE"))
        .isEqualTo("jdbc:h2:file:./data/v;PASSWORD=***;AUTO_SERVER=FALSE");
  }
}
