package dev.sockeye.spring.app;

import dev.sockeye.server.ConnectError;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Refuses a connection to "/" without the token, with data the client reads; runs first. */
@Component
@Order(1)
public class TokenMiddleware implements ConnectMiddleware {

    @Override
    public void handle(Socket socket, Next next) {
        if (!"secret".equals(socket.handshake().auth().path("token").asString(""))) {
            next.fail(new ConnectError("not authorized", Map.of("code", 401)));
            return;
        }
        List<String> seen = new ArrayList<>();
        seen.add("token");
        socket.data().put("middlewares", seen);
        next.proceed();
    }
}
