package dev.sockeye.spring.app;

import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.Socket;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Runs after {@link TokenMiddleware} (its @Order is higher) and says so in the socket's data. */
@Component
@Order(2)
public class AuditMiddleware implements ConnectMiddleware {

    @SuppressWarnings("unchecked")
    @Override
    public void handle(Socket socket, Next next) {
        ((List<String>) socket.data().get("middlewares")).add("audit");
        next.proceed();
    }
}
