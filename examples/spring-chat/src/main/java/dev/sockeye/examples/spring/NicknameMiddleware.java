package dev.sockeye.examples.spring;

import dev.sockeye.examples.ChatService;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.Socket;
import org.springframework.stereotype.Component;

/** Every user connects with a nickname ({@code io({auth: {nickname}})}), kept in the socket's data. */
@Component
class NicknameMiddleware implements ConnectMiddleware {

    @Override
    public void handle(Socket socket, Next next) {
        ChatService.requireNickname(socket, next);
    }
}
