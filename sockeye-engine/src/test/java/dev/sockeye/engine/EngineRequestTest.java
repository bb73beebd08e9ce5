package dev.sockeye.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineRequestTest {

    private static EngineRequest request(String uri, Map<String, List<String>> headers) {
        return new EngineRequest("GET", uri, headers, null, false);
    }

    private static Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("example.com"));
        headers.put("Referer", List.of("http://example.com/page?from=header&EIO=9"));
        headers.put("X-Two", List.of("a", "b:c"));
        return headers;
    }

    @Test
    void theTargetItsPathAndItsQueryAreReadBackAsSent() {
        EngineRequest request = request("/socket.io/?EIO=4&transport=websocket&name=a%20b&EIO=3", headers());

        assertThat(request.uri()).isEqualTo("/socket.io/?EIO=4&transport=websocket&name=a%20b&EIO=3");
        assertThat(request.path()).isEqualTo("/socket.io/");
        assertThat(request.query("EIO")).isEqualTo("4");
        assertThat(request.query("name")).isEqualTo("a b");
        assertThat(request.query("from")).isNull();
        assertThat(request.queryParameters())
                .containsExactly(
                        Map.entry("EIO", List.of("4", "3")),
                        Map.entry("transport", List.of("websocket")),
                        Map.entry("name", List.of("a b")));
        assertThat(request).hasToString("GET /socket.io/?EIO=4&transport=websocket&name=a%20b&EIO=3");
    }

    @Test
    void aTargetWithoutQueryHasNoneEvenWhenAHeaderHoldsAQuestionMark() {
        EngineRequest request = request("/socket.io/", headers());

        assertThat(request.uri()).isEqualTo("/socket.io/");
        assertThat(request.path()).isEqualTo("/socket.io/");
        assertThat(request.query("from")).isNull();
        assertThat(request.query("EIO")).isNull();
        assertThat(request.queryParameters()).isEmpty();
    }

    @Test
    void headersAreReadByAnyCaseAndListedInLowerCaseInArrivalOrder() {
        EngineRequest request = request("/socket.io/?EIO=4", headers());

        assertThat(request.header("HOST")).isEqualTo("example.com");
        assertThat(request.header("x-two")).isEqualTo("a");
        assertThat(request.header("x-tw")).isNull();
        assertThat(request.header("socket.io")).isNull(); // the target is no header
        assertThat(request.headers())
                .containsExactly(
                        Map.entry("host", List.of("example.com")),
                        Map.entry("referer", List.of("http://example.com/page?from=header&EIO=9")),
                        Map.entry("x-two", List.of("a", "b:c")));
    }

    @Test
    void aRequestWithoutHeadersHasAnEmptyMap() {
        EngineRequest request = request("/socket.io/?EIO=4", Map.of());

        assertThat(request.headers()).isEmpty();
        assertThat(request.header("host")).isNull();
        assertThat(request.query("EIO")).isEqualTo("4");
    }
}
