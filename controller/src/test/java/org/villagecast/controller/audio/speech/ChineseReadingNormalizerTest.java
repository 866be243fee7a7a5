package org.villagecast.controller.audio.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChineseReadingNormalizerTest {

  /** Verifies each reading rule on the cases a county's notices contain. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2026年11月30日                  | 二零二六年十一月三十日
          2026-11-30                     | 二零二六年十一月三十日
          2026/3/5                       | 二零二六年三月五日
          14:30                          | 十四点三十分
          14：30                         | 十四点三十分
          8:05                           | 八点零五分
          14:00                          | 十四点整
          2:30                           | 两点三十分
          0:15:30                        | 零点十五分三十秒
          8:00-10:30                     | 八点整到十点三十分
          120                            | 一百二十
          10                             | 十
          15                             | 十五
          110                            | 一百一十
          1005                           | 一千零五
          10000                          | 一万
          100010                         | 十万零一十
          10,000人                       | 一万人
          0                              | 零
          007                            | 零零七
          3.5米                          | 三点五米
          0.05                           | 零点零五
          -2℃                            | 零下二摄氏度
          −2°C                           | 零下二摄氏度
          气温25℃                         | 气温二十五摄氏度
          5-12℃                          | 五到十二摄氏度
          -5~-2℃                         | 零下五到零下二摄氏度
          -2~5℃                          | 零下二摄氏度到五摄氏度
          50%                            | 百分之五十
          3.5％                           | 百分之三点五
          30%-50%                        | 百分之三十到五十
          30-50%                         | 百分之三十到五十
          风力3-4级                        | 风力三到四级
          3至5天                          | 三到五天
          手机13812345678                 | 手机幺三八幺二三四五六七八
          13800138000                    | 幺三八零零幺三八零零零
          拨打120                         | 拨打幺二零
          请拨打110报警                    | 请拨打幺幺零报警
          电话：0571-88886666              | 电话：零五七幺，八八八八六六六六
          0571-88886666                  | 零五七幺，八八八八六六六六
          咨询热线12345                    | 咨询热线幺二三四五
          降雨量50mm                      | 降雨量五十毫米
          阵风15m/s                       | 阵风十五米每秒
          限速40km/h                      | 限速四十公里每小时
          下降-5                          | 下降负五
          2个村                           | 两个村
          12个村                          | 十二个村
          第3次                           | 第三次
          123456789012345                | 一二三四五六七八九零一二三四五
          ９８                             | 九十八
          请各位村民注意。                  | 请各位村民注意。
          """)
  void normalize_readings(String written, String said) {
    // GIVEN a notice fragment / WHEN it is normalised / THEN it reads as a Mandarin announcer says
    // it
    assertThat(ChineseReadingNormalizer.normalize(written)).isEqualTo(said);
  }

  /** Verifies a whole flood notice, where the rules meet in one text. */
  @Test
  void normalize_floodNotice() {
    // GIVEN a notice with a date, a time, a level, a temperature, rain and a phone number
    String notice = "2026年11月30日14:30起，河水将上涨1.5米，气温-2℃，预计降雨80mm，" + "低洼处2个村请撤离，咨询电话0571-88886666。";

    // WHEN it is normalised
    String said = ChineseReadingNormalizer.normalize(notice);

    // THEN no digit is left and each part is read right
    assertThat(said)
        .isEqualTo(
            "二零二六年十一月三十日十四点三十分起，河水将上涨一点五米，气温零下二摄氏度，预计降雨八十毫米，" + "低洼处两个村请撤离，咨询电话零五七幺，八八八八六六六六。")
        .doesNotContainPattern("[0-9]");
  }

  /**
   * Verifies, over seeded random integers of every magnitude up to 10¹⁶, that the reading means the
   * number (an independent parser reads it back) and has the standard form: no double 零, no
   * trailing 零, no leading 一十.
   */
  @Test
  void integer_readsBackToTheNumber() {
    Random random = new Random(20261130);
    for (int i = 0; i < 20_000; i++) {
      // GIVEN a random integer with a random number of digits, often with inner zeros
      int digits = 1 + random.nextInt(16);
      long value = 0;
      for (int d = 0; d < digits; d++) {
        value = value * 10 + (random.nextInt(3) == 0 ? 0 : random.nextInt(10));
      }

      // WHEN it is read
      String said = ChineseReadingNormalizer.integer(value);

      // THEN it parses back and is in standard form
      assertThat(parse(said)).as("%d read as %s", value, said).isEqualTo(value);
      assertThat(said).as("%d", value).doesNotContain("零零").doesNotStartWith("一十");
      if (value != 0) {
        assertThat(said).as("%d", value).doesNotEndWith("零");
      }
    }
  }

  /** Verifies the readings at group boundaries, where zeros are easiest to get wrong. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "100000000, 一亿",
    "100000001, 一亿零一",
    "100010000, 一亿零一万",
    "110000000, 一亿一千万",
    "1000000000001, 一万亿零一",
    "1001000, 一百万一千",
    "1000100, 一百万零一百",
    "20000, 二万",
    "9999999999999999, 九千九百九十九万亿九千九百九十九亿九千九百九十九万九千九百九十九"
  })
  void integer_groupBoundaries(long value, String said) {
    assertThat(ChineseReadingNormalizer.integer(value)).isEqualTo(said);
  }

  /** Reads a Chinese numeral back to its value: the test's own, independent reading. */
  private static long parse(String said) {
    String digits = "零一二三四五六七八九";
    long yi = 0;
    long wan = 0;
    long section = 0;
    int digit = 0;
    for (char c : said.toCharArray()) {
      int d = digits.indexOf(c);
      if (d >= 0) {
        digit = d;
        continue;
      }
      switch (c) {
        case '十':
          section += (digit == 0 ? 1 : digit) * 10L;
          break;
        case '百':
          section += digit * 100L;
          break;
        case '千':
          section += digit * 1000L;
          break;
        case '万':
          wan = (wan + section + digit) * 10_000L;
          section = 0;
          break;
        case '亿':
          // 万亿 (10¹²) is one unit: what precedes 亿, including a 万 group, is counted in 亿.
          yi += (wan + section + digit) * 100_000_000L;
          wan = 0;
          section = 0;
          break;
        default:
          throw new AssertionError("unexpected " + c + " in " + said);
      }
      digit = 0;
    }
    return yi + wan + section + digit;
  }
}
