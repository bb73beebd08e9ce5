package dev.sockeye.spring.app;

import dev.sockeye.server.Ack;
import dev.sockeye.server.Socket;
import dev.sockeye.spring.OnConnect;
import dev.sockeye.spring.OnDisconnect;
import dev.sockeye.spring.OnDisconnecting;
import dev.sockeye.spring.OnEvent;
import dev.sockeye.spring.SocketIoController;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The main namespace's handlers: every shape of argument binding and ack the starter offers. */
@SocketIoController
public class MainController {

    /** A typed payload. */
    public record Order(String item, int quantity, List<String> notes) {}

    /** A typed ack value. */
    public record Receipt(String item, int total, int notes, String socket) {}

    /** One element of a generic payload. */
    public record Item(String name, double price) {}

    private final BlockingQueue<String> disconnects;

    public MainController(BlockingQueue<String> disconnects) {
        this.disconnects = disconnects;
    }

    @OnConnect
    public void connected(Socket socket) {
        socket.emit("welcome", socket.id());
    }

    @OnEvent("add")
    public int add(int a, int b) {
        return a + b;
    }

    @OnEvent("order")
    public Receipt order(Socket socket, Order order) {
        return new Receipt(order.item(), order.quantity() * 3, order.notes().size(), socket.id());
    }

    @OnEvent("total")
    public double total(List<Item> items) {
        return items.stream().mapToDouble(Item::price).sum();
    }

    @OnEvent("later")
    public CompletableFuture<String> later(String name) {
        return CompletableFuture.supplyAsync(
                () -> "hello " + name, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }

    @OnEvent("broken")
    public CompletableFuture<String> broken() {
        return CompletableFuture.failedFuture(new IllegalStateException("internal detail the client must not see"));
    }

    @OnEvent("shout")
    public void shout(String text, Ack ack) {
        ack.send(text.toUpperCase(Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    @OnEvent("middlewares")
    public List<String> middlewares(Socket socket) {
        return (List<String>) socket.data().get("middlewares");
    }

    @OnDisconnecting
    public void disconnecting(Socket socket, String reason) {
        disconnects.add(socket.nsp().name() + " disconnecting, still in its rooms: "
                + socket.rooms().contains(socket.id()));
    }

    @OnDisconnect
    public void disconnected(Socket socket, String reason) {
        disconnects.add(socket.nsp().name() + " " + reason);
    }
}
