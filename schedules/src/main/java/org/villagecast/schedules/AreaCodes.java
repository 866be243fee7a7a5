package org.villagecast.schedules;

/**
 * Area codes: 12 digits, province 2, city 2, county 2, town 3, village 3. A code names its own area
 * and every area below it; trailing levels of zeros mean "the whole level above", so {@code
 * 320583000000} and {@code 320583} both name the county 320583.
 */
public final class AreaCodes {
  private static final int[] LEVEL_ENDS = {2, 4, 6, 9, 12};

  private AreaCodes() {}

  /**
   * The significant prefix of a code: trailing all-zero levels removed.
   *
   * @throws IllegalArgumentException if the code is not 2, 4, 6, 9 or 12 digits
   */
  public static String prefix(String code) {
    requireValid(code);
    String prefix = code;
    for (int i = LEVEL_ENDS.length - 1; i > 0; i--) {
      int end = LEVEL_ENDS[i];
      int start = LEVEL_ENDS[i - 1];
      if (prefix.length() == end && isZeros(prefix.substring(start, end))) {
        prefix = prefix.substring(0, start);
      }
    }
    return prefix;
  }

  /** True when area {@code outer} is {@code inner} or contains it. */
  public static boolean contains(String outer, String inner) {
    return prefix(inner).startsWith(prefix(outer));
  }

  /** Checks the shape of a code. */
  public static void requireValid(String code) {
    if (code == null
        || !isLevelLength(code.length())
        || !code.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("area code '" + code + "' is not 2, 4, 6, 9 or 12 digits");
    }
  }

  private static boolean isLevelLength(int length) {
    for (int end : LEVEL_ENDS) {
      if (end == length) {
        return true;
      }
    }
    return false;
  }

  private static boolean isZeros(String s) {
    return s.chars().allMatch(c -> c == '0');
  }
}
