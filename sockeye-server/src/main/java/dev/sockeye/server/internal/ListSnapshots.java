package dev.sockeye.server.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the immutable lists a socket keeps its listeners in: each change makes a new list, which readers iterate
 * without a lock (copy on write, without a concurrent collection per list).
 */
final class ListSnapshots {
    private ListSnapshots() {
    }

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
}
