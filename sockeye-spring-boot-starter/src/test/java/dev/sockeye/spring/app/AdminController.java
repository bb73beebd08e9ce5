package dev.sockeye.spring.app;

import dev.sockeye.server.Socket;
import dev.sockeye.spring.OnEvent;
import dev.sockeye.spring.SocketIoController;

/** A controller of another namespace. */
@SocketIoController(namespace = "/admin")
public class AdminController {

    @OnEvent("whoami")
    public String whoami(Socket socket) {
        return socket.nsp().name();
    }
}
