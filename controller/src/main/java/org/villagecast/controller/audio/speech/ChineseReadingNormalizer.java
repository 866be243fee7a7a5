package org.villagecast.controller.audio.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the digits and symbols of a Chinese notice into the characters a Mandarin announcer
 * would say, so that the synthesiser reads them right: "2026年11月30日" → 二零二六年十一月三十日, "14:30" →
 * 十四点三十分, "-2℃" → 零下二摄氏度, "3.5米" → 三点五米, "50%" → 百分之五十, a phone number digit by digit with 幺 for 1,
 * "3-4级" → 三到四级.
 *
 * <p>The rules run in a fixed order, most specific first; each turns the digits it matches into
 * characters, so a later rule never sees them again. Text without digits passes unchanged.
 */
public final class ChineseReadingNormalizer {
  private static final String DIGITS = "零一二三四五六七八九";

  /** Digits as said in phone numbers: 1 is 幺, so it is not mistaken for 7 (七). */
  private static final String PHONE_DIGITS = "零幺二三四五六七八九";

  private static final String NUMBER = "\\d+(?:\\.\\d+)?";

  private static final Pattern GROUPED_THOUSANDS =
      Pattern.compile("(?<![\\d.])\\d{1,3}(?:,\\d{3})+(?![\\d,])");
  private static final Pattern PHONE_AFTER_WORD =
      Pattern.compile("(电话|热线|拨打|致电|手机|号码|联系)(号码)?([:：]?\\s*)(\\d[\\d -]{1,18}\\d)(?!\\d)");
  private static final Pattern MOBILE = Pattern.compile("(?<![\\d.])1[3-9]\\d{9}(?![\\d.])");
  private static final Pattern LANDLINE =
      Pattern.compile("(?<![\\d.])0\\d{2,3}-\\d{7,8}(?![\\d.])");
  private static final Pattern ISO_DATE =
      Pattern.compile("(?<![\\d.])(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})(?![\\d.])");
  private static final Pattern YEAR = Pattern.compile("(?<![\\d.])(\\d{4})(?=年)");
  private static final Pattern TIME =
      Pattern.compile("(?<![\\d.])(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?![\\d.])");

  /** What is left of "8:00-10:30" once both times are read: the sign between them. */
  private static final Pattern TIME_RANGE =
      Pattern.compile("(?<=[整分秒])\\s*[-~～—–至]\\s*(?=[零一二三四五六七八九十两])");

  private static final Pattern UNIT =
      Pattern.compile("(\\d)\\s*(km/h|m/s|mm|cm|km|kg|m)(?![A-Za-z/])");

  /** Two numbers joined by a range sign, each with an optional sign and unit: "3-4", "-2~5℃". */
  private static final Pattern RANGE =
      Pattern.compile(
          "(?<![\\d.])(-?)("
              + NUMBER
              + ")(%|℃)?\\s*(?:~|～|—|–|至|(?<=[\\d%℃])-(?=\\d))\\s*(-?)("
              + NUMBER
              + ")(?![\\d.])(%|℃)?");

  private static final Pattern TEMPERATURE =
      Pattern.compile("(?<![\\d.])(-?)(" + NUMBER + ")\\s*℃");
  private static final Pattern PERCENT = Pattern.compile("(?<![\\d.])(-?)(" + NUMBER + ")%");
  private static final Pattern NEGATIVE = Pattern.compile("(?<![\\d.A-Za-z])-(" + NUMBER + ")");
  private static final Pattern TWO_BEFORE_MEASURE =
      Pattern.compile("(?<![\\d.])2(?=[个位名天次条辆台座家户只])");
  private static final Pattern PLAIN_NUMBER = Pattern.compile(NUMBER);

  /** Numbers this long are codes (identity, area, account numbers): read digit by digit. */
  private static final int LONGEST_QUANTITY = 12;

  private ChineseReadingNormalizer() {}

  /** The text with its numbers, dates, times and symbols written out as spoken Mandarin. */
  public static String normalize(String text) {
    String s = canonicalSymbols(text);
    s = replace(GROUPED_THOUSANDS, s, m -> m.group().replace(",", ""));
    s =
        replace(
            PHONE_AFTER_WORD,
            s,
            m -> m.group(1) + nullToEmpty(m.group(2)) + m.group(3) + phone(m.group(4)));
    s = replace(MOBILE, s, m -> phone(m.group()));
    s = replace(LANDLINE, s, m -> phone(m.group()));
    s = replace(ISO_DATE, s, ChineseReadingNormalizer::isoDate);
    s = replace(YEAR, s, m -> digitByDigit(m.group(1)));
    s = replace(TIME, s, ChineseReadingNormalizer::time);
    s = replace(TIME_RANGE, s, m -> "到");
    s = replace(UNIT, s, m -> m.group(1) + unit(m.group(2)));
    s = replace(RANGE, s, ChineseReadingNormalizer::range);
    s = replace(TEMPERATURE, s, m -> temperature(m.group(1), m.group(2)));
    s = replace(PERCENT, s, m -> signed(m.group(1), "百分之" + number(m.group(2))));
    s = replace(NEGATIVE, s, m -> "负" + number(m.group(1)));
    s = replace(TWO_BEFORE_MEASURE, s, m -> "两");
    s = replace(PLAIN_NUMBER, s, m -> number(m.group()));
    return s.replace("℃", "摄氏度");
  }

  /**
   * Reads a non-negative integer the way it is said: 120 → 一百二十, 1005 → 一千零五, 10 → 十, 100010 →
   * 十万零一十. Up to 16 digits.
   */
  static String integer(long value) {
    if (value < 0 || value >= 10_000_000_000_000_000L) {
      throw new IllegalArgumentException(value + " is outside 0 to 10^16 - 1");
    }
    if (value == 0) {
      return "零";
    }
    String[] groupUnits = {"", "万", "亿", "万亿"};
    int[] groups = new int[4];
    for (int i = 0; i < 4; i++) {
      groups[i] = (int) (value % 10_000);
      value /= 10_000;
    }
    StringBuilder out = new StringBuilder();
    boolean gap = false;
    for (int i = 3; i >= 0; i--) {
      int group = groups[i];
      if (group == 0) {
        gap = out.length() > 0;
        continue;
      }
      if (out.length() > 0 && (gap || group < 1_000)) {
        out.append('零');
      }
      out.append(section(group)).append(groupUnits[i]);
      gap = false;
    }
    String said = out.toString();
    // 10 to 19 at the head of a number are said 十, 十五, not 一十, 一十五.
    return said.startsWith("一十") ? said.substring(1) : said;
  }

  /** 1 to 9999: thousands, hundreds, tens, units, with one 零 for any run of inner zeros. */
  private static String section(int value) {
    String[] units = {"千", "百", "十", ""};
    int[] digits = {value / 1000, value / 100 % 10, value / 10 % 10, value % 10};
    StringBuilder out = new StringBuilder();
    boolean zero = false;
    for (int i = 0; i < 4; i++) {
      if (digits[i] == 0) {
        zero = out.length() > 0;
        continue;
      }
      if (zero) {
        out.append('零');
        zero = false;
      }
      out.append(DIGITS.charAt(digits[i])).append(units[i]);
    }
    return out.toString();
  }

  /** A decimal or integer as said: 3.5 → 三点五, 0.05 → 零点零五, 007 → 零零七. */
  static String number(String digits) {
    int point = digits.indexOf('.');
    String whole = point < 0 ? digits : digits.substring(0, point);
    String said;
    if (whole.length() > 1 && whole.startsWith("0") || whole.length() > LONGEST_QUANTITY) {
      said = digitByDigit(whole);
    } else {
      said = integer(Long.parseLong(whole));
    }
    if (point >= 0) {
      said += "点" + digitByDigit(digits.substring(point + 1));
    }
    return said;
  }

  private static String digitByDigit(String digits) {
    StringBuilder out = new StringBuilder();
    for (char c : digits.toCharArray()) {
      out.append(DIGITS.charAt(c - '0'));
    }
    return out.toString();
  }

  private static String phone(String number) {
    StringBuilder out = new StringBuilder();
    for (char c : number.toCharArray()) {
      if (c >= '0' && c <= '9') {
        out.append(PHONE_DIGITS.charAt(c - '0'));
      } else if (c == '-' || c == ' ') {
        // A short pause between the groups, as a person reading the number out would make.
        if (out.length() > 0 && out.charAt(out.length() - 1) != '，') {
          out.append('，');
        }
      }
    }
    return out.toString();
  }

  private static String isoDate(Matcher m) {
    int month = Integer.parseInt(m.group(3));
    int day = Integer.parseInt(m.group(4));
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return m.group();
    }
    return digitByDigit(m.group(1)) + "年" + integer(month) + "月" + integer(day) + "日";
  }

  private static String time(Matcher m) {
    int hour = Integer.parseInt(m.group(1));
    int minute = Integer.parseInt(m.group(2));
    String secondText = m.group(3);
    if (hour > 24 || minute > 59 || secondText != null && Integer.parseInt(secondText) > 59) {
      return m.group();
    }
    StringBuilder out = new StringBuilder();
    out.append(hour == 2 ? "两" : integer(hour)).append('点');
    if (minute == 0 && secondText == null) {
      out.append('整');
    } else {
      out.append(minute < 10 && minute > 0 ? "零" : "").append(integer(minute)).append('分');
    }
    if (secondText != null) {
      int second = Integer.parseInt(secondText);
      out.append(second < 10 && second > 0 ? "零" : "").append(integer(second)).append('秒');
    }
    return out.toString();
  }

  private static String range(Matcher m) {
    String lowSign = m.group(1);
    String highSign = m.group(4);
    String unit = m.group(6) != null ? m.group(6) : m.group(3);
    String low = number(m.group(2));
    String high = number(m.group(5));
    if ("%".equals(unit)) {
      if (lowSign.isEmpty() && highSign.isEmpty()) {
        return "百分之" + low + "到" + high;
      }
      return signed(lowSign, "百分之" + low) + "到" + signed(highSign, "百分之" + high);
    }
    if ("℃".equals(unit)) {
      // The unit once at the end, as forecasts are read, unless the signs differ: then each
      // bound gets its own unit, so that "零下二到五" cannot be heard as −2 to −5.
      String lowSaid = lowSign.isEmpty() ? low : "零下" + low;
      String highSaid = highSign.isEmpty() ? high : "零下" + high;
      return lowSign.equals(highSign)
          ? lowSaid + "到" + highSaid + "摄氏度"
          : lowSaid + "摄氏度到" + highSaid + "摄氏度";
    }
    return signed(lowSign, low) + "到" + signed(highSign, high);
  }

  private static String temperature(String sign, String digits) {
    return (sign.isEmpty() ? "" : "零下") + number(digits) + "摄氏度";
  }

  private static String signed(String sign, String said) {
    return sign.isEmpty() ? said : "负" + said;
  }

  private static String unit(String symbol) {
    switch (symbol) {
      case "km/h":
        return "公里每小时";
      case "m/s":
        return "米每秒";
      case "mm":
        return "毫米";
      case "cm":
        return "厘米";
      case "km":
        return "公里";
      case "kg":
        return "公斤";
      default:
        return "米";
    }
  }

  /**
   * Full-width digits and signs (common in Chinese text) to ASCII, the several minus and degree
   * signs to one each, so that the rules need to know only one spelling.
   */
  private static String canonicalSymbols(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '０' && c <= '９') {
        out.append((char) ('0' + (c - '０')));
      } else if (c == '％') {
        out.append('%');
      } else if (c == '：') {
        // Only between digits: elsewhere the full-width colon is punctuation and stays.
        boolean betweenDigits =
            i > 0
                && i + 1 < text.length()
                && isDigit(text.charAt(i - 1))
                && isDigit(text.charAt(i + 1));
        out.append(betweenDigits ? ':' : c);
      } else if (c == '−' || c == '－') {
        out.append('-');
      } else if (c == '．' && i > 0 && isDigit(text.charAt(i - 1))) {
        out.append('.');
      } else if (c == '°'
          && i + 1 < text.length()
          && (text.charAt(i + 1) == 'C' || text.charAt(i + 1) == 'c')) {
        out.append('℃');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9' || c >= '０' && c <= '９';
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> reading) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(reading.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
