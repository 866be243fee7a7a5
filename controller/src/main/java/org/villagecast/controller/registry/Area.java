package org.villagecast.controller.registry;

/**
 * A named node of the administrative tree: a 2-digit province, 4-digit city, 6-digit county,
 * 9-digit town or 12-digit village code (an area prefix, PROTOCOL.md §1).
 */
public record Area(String code, String name) {
  public Area {
    if (!isAreaPrefix(code)) {
      throw new IllegalArgumentException(
          "area code '" + code + "' must be 2, 4, 6, 9 or 12 digits");
    }
  }

  public static boolean isAreaPrefix(String code) {
    if (code == null) {
      return false;
    }
    int n = code.length();
    return (n == 2 || n == 4 || n == 6 || n == 9 || n == 12)
        && code.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The parent's code, or null for a province. */
  public String parentCode() {
    return switch (code.length()) {
      case 4 -> code.substring(0, 2);
      case 6 -> code.substring(0, 4);
      case 9 -> code.substring(0, 6);
      case 12 -> code.substring(0, 9);
      default -> null;
    };
  }
}
