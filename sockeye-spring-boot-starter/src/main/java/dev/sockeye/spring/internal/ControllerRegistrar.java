package dev.sockeye.spring.internal;

import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.OnConnect;
import dev.sockeye.spring.OnDisconnect;
import dev.sockeye.spring.OnDisconnecting;
import dev.sockeye.spring.OnEvent;
import dev.sockeye.spring.SocketIoController;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import tools.jackson.databind.ObjectMapper;

/**
 * Wires the application's beans into the server: {@code ConnectMiddleware} beans are {@code use()}d on their
 * namespace in {@code @Order}, and every {@link SocketIoController} bean's annotated methods ({@code @OnConnect},
 * {@code @OnEvent}, {@code @OnDisconnecting}, {@code @OnDisconnect}) handle the sockets of
 * its namespace. Runs once, before the server starts serving.
 */
public final class ControllerRegistrar {

    private final SocketIoServer io;
    private final ObjectMapper mapper;

    /**
     * @param io     the server
     * @param mapper the mapper that binds event arguments (the server's)
     */
    public ControllerRegistrar(SocketIoServer io, ObjectMapper mapper) {
        this.io = io;
        this.mapper = mapper;
    }

    /**
     * Adds each middleware to the namespace its class's {@link SocketIoController} names ({@code "/"} without one).
     *
     * @param middlewares the middleware beans, in {@code @Order}
     */
    public void addMiddlewares(List<ConnectMiddleware> middlewares) {
        for (ConnectMiddleware middleware : middlewares) {
            io.of(namespaceOf(AopUtils.getTargetClass(middleware))).use(middleware);
        }
    }

    /**
     * Registers the annotated methods of every controller bean.
     *
     * @param controllers the beans annotated with {@link SocketIoController}, by bean name
     */
    public void addControllers(Map<String, Object> controllers) {
        controllers.values().forEach(this::addController);
    }

    private void addController(Object bean) {
        Class<?> type = AopUtils.getTargetClass(bean);
        List<HandlerMethod> connects = new ArrayList<>();
        List<HandlerMethod> disconnectings = new ArrayList<>();
        List<HandlerMethod> disconnects = new ArrayList<>();
        List<Map.Entry<String, HandlerMethod>> events = new ArrayList<>();
        for (Method method : annotated(type, OnConnect.class)) {
            connects.add(new HandlerMethod(bean, invocable(method, bean), mapper, false, false));
        }
        for (Method method : annotated(type, OnDisconnecting.class)) {
            disconnectings.add(new HandlerMethod(bean, invocable(method, bean), mapper, true, false));
        }
        for (Method method : annotated(type, OnDisconnect.class)) {
            disconnects.add(new HandlerMethod(bean, invocable(method, bean), mapper, true, false));
        }
        for (Method method : annotated(type, OnEvent.class)) {
            String event = AnnotatedElementUtils.findMergedAnnotation(method, OnEvent.class)
                    .value();
            events.add(Map.entry(event, new HandlerMethod(bean, invocable(method, bean), mapper, false, true)));
        }
        if (connects.isEmpty() && disconnectings.isEmpty() && disconnects.isEmpty() && events.isEmpty()) {
            return;
        }
        Namespace namespace = io.of(namespaceOf(type));
        namespace.onConnection(socket -> {
            for (Map.Entry<String, HandlerMethod> entry : events) {
                String event = entry.getKey();
                HandlerMethod handler = entry.getValue();
                socket.on(event, (args, ack) -> handler.invokeEvent(event, socket, args, ack, mapper));
            }
            for (HandlerMethod handler : disconnectings) {
                socket.onDisconnecting(reason -> handler.invoke(socket, reason.wire()));
            }
            for (HandlerMethod handler : disconnects) {
                socket.onDisconnect(reason -> handler.invoke(socket, reason.wire()));
            }
            for (HandlerMethod handler : connects) {
                handler.invoke(socket, null);
            }
        });
    }

    private static List<Method> annotated(Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
        return new ArrayList<>(MethodIntrospector.selectMethods(type, (MethodIntrospector.MetadataLookup<Boolean>)
                        method -> AnnotatedElementUtils.hasAnnotation(method, annotation) ? Boolean.TRUE : null)
                .keySet());
    }

    /** The method to call on the bean itself (a proxy's own method when the bean is proxied). */
    private static Method invocable(Method method, Object bean) {
        return AopUtils.selectInvocableMethod(method, bean.getClass());
    }

    private static String namespaceOf(Class<?> type) {
        SocketIoController controller = AnnotatedElementUtils.findMergedAnnotation(type, SocketIoController.class);
        return controller == null ? "/" : controller.namespace();
    }
}
