package dev.sockeye.server;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A type with its generic arguments, for binding what a client sent to {@code List<Item>} or
 * {@code Map<String, Item>}: a {@code Class} such as {@code List.class} loses the element type, and
 * the elements would arrive as maps. Make one as an anonymous subclass, which keeps the type
 * argument at run time.
 *
 * <pre>{@code
 * socket.on("items", new TypeRef<List<Item>>() { }, items -> items.forEach(this::store));
 * CompletableFuture<Map<String, Item>> byId = socket.emitWithAck("catalog", new TypeRef<Map<String, Item>>() { });
 * }</pre>
 *
 * @param <T> the type
 */
public abstract class TypeRef<T> {
    private final Type type;

    /**
     * Captures {@code T} from the anonymous subclass ({@code new TypeRef<List<Item>>() { }}).
     *
     * @throws IllegalStateException when created without a type argument
     */
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("create a TypeRef with its type argument: new TypeRef<List<Item>>() { }");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    private TypeRef(Type type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A plain class as a {@code TypeRef}, to mix with generic ones in one handler. */
    public static <T> TypeRef<T> of(Class<T> type) {
        return new TypeRef<>(type) {};
    }

    /** The captured type. */
    public Type type() {
        return type;
    }

    /** Equal when the captured types are equal. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TypeRef<?> ref && ref.type.equals(type);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    /** The type's name, e.g. {@code java.util.List<com.example.Item>}. */
    @Override
    public String toString() {
        return type.getTypeName();
    }
}
