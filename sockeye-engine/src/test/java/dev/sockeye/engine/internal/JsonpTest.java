package dev.sockeye.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** JSONP framing as engine.io's polling-jsonp transport writes and reads it. */
class JsonpTest {

    @Test
    void aScriptCallsTheCallbackOfTheIndexDigitsWithThePayloadAsAJavaScriptString() {
        assertThat(Jsonp.script("1", "6:4hello")).isEqualTo("___eio[1](\"6:4hello\");");
        assertThat(Jsonp.script("a1<b2", "1:6")).isEqualTo("___eio[12](\"1:6\");");
        assertThat(Jsonp.script("", "1:6")).isEqualTo("___eio[](\"1:6\");");
    }

    @Test
    void thePayloadIsEscapedAsJsonStringifyDoesWithLineAndParagraphSeparatorsEscapedToo() {
        String payload = "\"\\\n\t\u0001\u007f\u2028\u2029\uD800x\uDC00\uD83D\uDE00é";

        assertThat(Jsonp.script("0", payload))
                .isEqualTo("___eio[0](\"\\\"\\\\\\n\\t\\u0001\u007f\\u2028\\u2029\\ud800x\\udc00\uD83D\uDE00é\");");
    }

    @Test
    void aFormPostCarriesThePayloadInFieldDWithTheClientsNewlineEscapesUndone() {
        assertThat(Jsonp.payload("d=6%3A4hello")).isEqualTo("6:4hello");
        assertThat(Jsonp.payload("d=4%3A4a%5Cnb")).isEqualTo("4:4a\nb"); // \n is a newline
        assertThat(Jsonp.payload("d=5%3A4x%5C%5Cny")).isEqualTo("5:4x\\ny"); // \\n is a backslash and n
        assertThat(Jsonp.payload("x=1&d=3%3A4a+b")).isEqualTo("3:4a b");
        assertThat(Jsonp.payload("d=3%3A4%C3%A9%zz")).isEqualTo("3:4é%zz");
        assertThat(Jsonp.payload("d=")).isEmpty();
    }

    @Test
    void aFormWithoutASingleFieldDCarriesNothing() {
        assertThat(Jsonp.payload("x=1")).isNull();
        assertThat(Jsonp.payload("d=1&d=2")).isNull();
        assertThat(Jsonp.payload("")).isNull();
    }
}
