package dev.sockeye.spring.internal;

import dev.sockeye.server.Ack;
import dev.sockeye.server.Args;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;

/**
 * One annotated method of a controller bean, ready to call with a socket's values: each parameter is told by its
 * type (socket, server, ack, raw args, the disconnect reason) or, for anything else, is the event's next argument
 * bound by the server's JSON mapper.
 */
final class HandlerMethod {
    private static final Logger log = LoggerFactory.getLogger(HandlerMethod.class);

    /** What the method receives in each parameter. */
    private enum Source {
        SOCKET,
        SERVER,
        ACK,
        ARGS,
        REASON,
        PAYLOAD
    }

    private final Object bean;
    private final Method method;
    private final Source[] sources;
    /** The declared types of the PAYLOAD parameters, in order; null entries elsewhere. */
    private final JavaType[] payloadTypes;

    private final boolean acksByItself;

    /**
     * @param reasonParameter whether a {@code String} parameter is the disconnect reason (for {@code @OnDisconnect})
     *                        rather than an event argument
     * @param payloadAllowed  whether parameters of other types are event arguments; when not, they are refused
     */
    HandlerMethod(Object bean, Method method, ObjectMapper mapper, boolean reasonParameter, boolean payloadAllowed) {
        this.bean = bean;
        this.method = method;
        ReflectionUtils.makeAccessible(method);
        Class<?>[] types = method.getParameterTypes();
        Type[] generic = method.getGenericParameterTypes();
        this.sources = new Source[types.length];
        this.payloadTypes = new JavaType[types.length];
        for (int i = 0; i < types.length; i++) {
            Source source = sourceOf(types[i], reasonParameter);
            if (source == Source.PAYLOAD) {
                if (!payloadAllowed) {
                    throw new IllegalStateException(describe(method) + ": parameter " + i + " of type "
                            + types[i].getName() + " is not one it can be given (Socket, SocketIoServer"
                            + (reasonParameter ? ", String reason" : "") + ")");
                }
                payloadTypes[i] = mapper.constructType(generic[i]);
            }
            sources[i] = source;
        }
        this.acksByItself = Arrays.asList(sources).contains(Source.ACK);
    }

    private static Source sourceOf(Class<?> type, boolean reasonParameter) {
        if (type == Socket.class) {
            return Source.SOCKET;
        }
        if (type == SocketIoServer.class) {
            return Source.SERVER;
        }
        if (type == Ack.class) {
            return Source.ACK;
        }
        if (type == Args.class) {
            return Source.ARGS;
        }
        if (reasonParameter && type == String.class) {
            return Source.REASON;
        }
        return Source.PAYLOAD;
    }

    /** The method's name with its class, for messages. */
    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** Calls an {@code @OnConnect} or {@code @OnDisconnect} method. */
    void invoke(Socket socket, String reason) throws Exception {
        Object[] values = new Object[sources.length];
        for (int i = 0; i < sources.length; i++) {
            values[i] = switch (sources[i]) {
                case SOCKET -> socket;
                case SERVER -> socket.nsp().server();
                case REASON -> reason;
                default -> null;
            };
        }
        call(values);
    }

    /**
     * Calls an {@code @OnEvent} method with the event's arguments, and acks with its result.
     *
     * @param event the event name, for the error sent when an argument does not bind
     */
    void invokeEvent(String event, Socket socket, Args args, Ack ack, ObjectMapper mapper) throws Exception {
        Object[] values = new Object[sources.length];
        int argument = 0;
        for (int i = 0; i < sources.length; i++) {
            switch (sources[i]) {
                case SOCKET -> values[i] = socket;
                case SERVER -> values[i] = socket.nsp().server();
                case ACK -> values[i] = ack;
                case ARGS -> values[i] = args;
                case REASON -> values[i] = null;
                case PAYLOAD -> {
                    Object value;
                    try {
                        value = argument < args.size()
                                ? mapper.treeToValue(args.node(argument), payloadTypes[i])
                                : null;
                    } catch (RuntimeException e) {
                        refuse(event, argument, ack, mapper, e);
                        return;
                    }
                    if (value == null && method.getParameterTypes()[i].isPrimitive()) {
                        refuse(event, argument, ack, mapper, null);
                        return;
                    }
                    values[i] = value;
                    argument++;
                }
                default -> throw new IllegalStateException("unknown source " + sources[i]);
            }
        }
        Object result = call(values);
        if (acksByItself || method.getReturnType() == void.class || !ack.expected()) {
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, failure) -> {
                if (failure != null) {
                    log.warn(
                            "socket {}: {} failed; its ack says \"server error\"",
                            socket.id(),
                            describe(method),
                            failure);
                    ack.send(mapper.createObjectNode().put("error", "server error"));
                } else {
                    ack.send(value);
                }
            });
        } else {
            ack.send(result);
        }
    }

    /**
     * As {@code Socket.on} does for an argument that does not bind: the client's ack tells. Logged at DEBUG only:
     * the client controls what it sends.
     */
    private void refuse(String event, int index, Ack ack, ObjectMapper mapper, RuntimeException cause) {
        log.debug(
                "event \"{}\": argument {} does not bind to parameter type {} of {}; the method is skipped",
                event,
                index,
                payloadTypeAt(index),
                describe(method),
                cause);
        if (ack.expected()) {
            ack.send(mapper.createObjectNode()
                    .put("error", "invalid argument")
                    .put("event", event)
                    .put("index", index));
        }
    }

    /** The declared type of the {@code index}-th event argument. */
    private String payloadTypeAt(int index) {
        int seen = 0;
        for (JavaType type : payloadTypes) {
            if (type != null && seen++ == index) {
                return type.toCanonical();
            }
        }
        return "?";
    }

    private Object call(Object[] values) throws Exception {
        try {
            return method.invoke(bean, values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
