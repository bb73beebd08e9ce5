package dev.sockeye.examples.spring;

import dev.sockeye.server.ConnectError;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.Socket;
import org.springframework.stereotype.Component;

/** Every user connects with a nickname ({@code io({auth: {nickname}})}), kept in the socket's data. */
@Component
class NicknameMiddleware implements ConnectMiddleware {
    private static final int MAX_NICKNAME = 24;

    @Override
    public void handle(Socket socket, Next next) {
        String nickname =
                socket.handshake().auth().path("nickname").asString("").strip();
        if (nickname.isEmpty()) {
            next.fail(new ConnectError("nickname required"));
            return;
        }
        socket.data()
                .put("nickname", nickname.length() <= MAX_NICKNAME ? nickname : nickname.substring(0, MAX_NICKNAME));
        next.proceed();
    }
}
