package dev.sockeye.server.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the immutable lists (and arrays) a socket and a connection keep their listeners and sockets in: each change
 * makes a new one, which readers iterate without a lock (copy on write, without a concurrent collection each).
 */
final class ListSnapshots {
    private ListSnapshots() {}

    /** {@code list} with {@code item} at the end. */
    static <T> List<T> plus(List<T> list, T item) {
        List<T> next = new ArrayList<>(list.size() + 1);
        next.addAll(list);
        next.add(item);
        return List.copyOf(next);
    }

    /** {@code list} with {@code item} first. */
    static <T> List<T> plusFirst(List<T> list, T item) {
        List<T> next = new ArrayList<>(list.size() + 1);
        next.add(item);
        next.addAll(list);
        return List.copyOf(next);
    }

    /** {@code list} without the first element that is {@code item} itself (identity), or {@code list} if none is. */
    static <T> List<T> minus(List<T> list, Object item) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == item) {
                List<T> next = new ArrayList<>(list);
                next.remove(i);
                return List.copyOf(next);
            }
        }
        return list;
    }

    /** {@code array} with {@code item} at the end. */
    static <T> T[] with(T[] array, T item) {
        T[] next = Arrays.copyOf(array, array.length + 1);
        next[array.length] = item;
        return next;
    }

    /** {@code array} without the first element that is {@code item} itself (identity), or {@code array} if none is. */
    static <T> T[] without(T[] array, T item) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == item) {
                T[] next = Arrays.copyOf(array, array.length - 1);
                System.arraycopy(array, i + 1, next, i, array.length - i - 1);
                return next;
            }
        }
        return array;
    }
}
