package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.villagecast.controller.ClientError;

/** Strict JSON bodies, content types and path ids. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JsonFieldsTest {

  /** Verifies that bodies that are not one JSON object are refused, saying where they break. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "{\"a\":}",
        "{'a':1}",
        "{\"a\":1}}",
        "{\"a\":1} trailing",
        "nul",
        "{\"a\":NaN}",
        "{\"a\":01}"
      })
  void parseObject_malformed_badRequest(String text) {
    assertThatThrownBy(() -> JsonFields.parseObject(Buffer.buffer(text)))
        .isInstanceOf(ClientError.class)
        .hasMessageStartingWith("body is not valid JSON: ")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("Source:");
  }

  /** Verifies that valid JSON other than an object is refused as such. */
  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"a\":1}]", "\"text\"", "42", "true", "null"})
  void parseObject_notAnObject_badRequest(String text) {
    assertThatThrownBy(() -> JsonFields.parseObject(Buffer.buffer(text)))
        .isInstanceOf(ClientError.class)
        .hasMessage("body must be a JSON object");
  }

  /** Verifies that bytes that are not UTF-8 are refused as invalid JSON. */
  @Test
  void parseObject_invalidUtf8_badRequest() {
    Buffer latin1 = Buffer.buffer(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}'});
    assertThatThrownBy(() -> JsonFields.parseObject(latin1))
        .isInstanceOf(ClientError.class)
        .hasMessageStartingWith("body is not valid JSON: ");
  }

  /** Verifies that an object with only known fields passes and an unknown one is named. */
  @Test
  void of_unknownField_named() {
    JsonObject body = new JsonObject().put("name", "x").put("nmae", "y");
    assertThatThrownBy(() -> JsonFields.of(body, Set.of("name", "location")))
        .isInstanceOf(ClientError.class)
        .hasMessage("unknown field 'nmae'; expected location, name");
    assertThatThrownBy(() -> JsonFields.of(body, Set.of()))
        .hasMessage("unknown field 'name': this request takes no fields");
  }

  /** Verifies the content types a body may come with. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json|true",
        "application/json; charset=utf-8|true",
        "Application/JSON;charset=\"UTF-8\"|true",
        "application/json; charset=iso-8859-1|false",
        "text/plain|false",
        "application/x-www-form-urlencoded|false",
        "application/jsonx|false",
        "|false"
      })
  void checkContentType(String header, boolean accepted) {
    if (accepted) {
      assertThatCode(() -> ApiRoutes.checkContentType(header)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> ApiRoutes.checkContentType(header))
          .isInstanceOf(ClientError.class)
          .satisfies(
              e ->
                  assertThat(((ClientError) e).kind())
                      .isEqualTo(ClientError.Kind.UNSUPPORTED_MEDIA_TYPE));
    }
  }

  /** Verifies the path ids: resource codes, area prefixes, group numbers, command ids, names. */
  @Test
  void ids() {
    assertThat(Ids.resourceCode("rc", "13205831010010301010101")).hasSize(23);
    for (String bad :
        new String[] {
          "1320583101001030101010", "132058310100103010101011", "1320583101001030101010x", ""
        }) {
      assertThatThrownBy(() -> Ids.resourceCode("rc", bad)).hasMessageContaining("'rc'");
    }
    for (String good : new String[] {"32", "3205", "320583", "320583101", "320583101001"}) {
      assertThat(Ids.areaPrefix("code", good)).isEqualTo(good);
    }
    for (String bad : new String[] {"3", "320", "3205831", "3205831010010", "32a5"}) {
      assertThatThrownBy(() -> Ids.areaPrefix("code", bad)).hasMessageContaining("'code'");
    }
    assertThat(Ids.groupNumber("number", "4294967295")).isEqualTo(4_294_967_295L);
    for (String bad : new String[] {"0", "4294967296", "-1", "1.0", "99999999999999999999", ""}) {
      assertThatThrownBy(() -> Ids.groupNumber("number", bad)).hasMessageContaining("'number'");
    }
    assertThat(Ids.commandId("id", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    for (String bad : new String[] {"0", "9223372036854775808", "abc", "+1"}) {
      assertThatThrownBy(() -> Ids.commandId("id", bad)).hasMessageContaining("'id'");
    }
    assertThatThrownBy(() -> Ids.userName("name", "Robert'); DROP")).hasMessageContaining("'name'");
  }
}
