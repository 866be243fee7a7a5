package org.villagecast.controller.api;

import org.villagecast.controller.ClientError;
import org.villagecast.controller.auth.UserRules;
import org.villagecast.controller.registry.Area;

/**
 * The identifiers the API takes, in paths and bodies: what each must look like, and the BAD_REQUEST
 * that names it when it does not. (A well-formed id that names nothing is NOT_FOUND, answered by
 * the service that looks it up.)
 */
final class Ids {
  static final String RESOURCE_CODE_RULE = "a 23-digit resource code";
  static final String AREA_RULE = "an area code of 2, 4, 6, 9 or 12 digits";
  static final long MAX_GROUP = 0xFFFF_FFFFL;

  private Ids() {}

  static boolean isResourceCode(String code) {
    return code != null && code.length() == 23 && digits(code);
  }

  static boolean isAreaPrefix(String code) {
    return Area.isAreaPrefix(code);
  }

  static String resourceCode(String param, String value) {
    if (!isResourceCode(value)) {
      throw ClientError.badRequest("'" + param + "' must be " + RESOURCE_CODE_RULE);
    }
    return value;
  }

  static String areaPrefix(String param, String value) {
    if (!isAreaPrefix(value)) {
      throw ClientError.badRequest("'" + param + "' must be " + AREA_RULE);
    }
    return value;
  }

  /** A group number, 1 to 4294967295 (u32 on the wire, 0 is no group). */
  static long groupNumber(String param, String value) {
    return number(param, value, 1, MAX_GROUP, "a group number from 1 to " + MAX_GROUP);
  }

  /** A command id, a positive 64-bit integer. */
  static long commandId(String param, String value) {
    return number(param, value, 1, Long.MAX_VALUE, "a positive integer command id");
  }

  static String userName(String param, String value) {
    if (!UserRules.validName(value)) {
      throw ClientError.badRequest(
          "'" + param + "' must be a user name (2 to 32 of a-z, 0-9, '.', '_', '-')");
    }
    return value;
  }

  private static long number(String param, String value, long min, long max, String rule) {
    if (value == null || value.isEmpty() || value.length() > 19 || !digits(value)) {
      throw ClientError.badRequest("'" + param + "' must be " + rule);
    }
    long number;
    try {
      number = Long.parseLong(value);
    } catch (NumberFormatException beyondLong) {
      throw ClientError.badRequest("'" + param + "' must be " + rule);
    }
    if (number < min || number > max) {
      throw ClientError.badRequest("'" + param + "' must be " + rule);
    }
    return number;
  }

  private static boolean digits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
