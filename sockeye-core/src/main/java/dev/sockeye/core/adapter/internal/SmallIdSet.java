package dev.sockeye.core.adapter.internal;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of a few ids in insertion order, for the adapter's room and membership sets: most of them hold
 * one id (every socket is alone in the room named after it) or a handful, and a concurrent set costs several times
 * more memory than this array (16 bytes for one id, 40 for two, against 200 for a {@code ConcurrentHashMap} key
 * set). A change makes a new set, which the adapter stores in place of the old one; readers iterate without a lock.
 * Membership is a linear scan: meant for a few elements only.
 */
public final class SmallIdSet extends AbstractSet<String> {
    private static final String[] NONE = new String[0];

    /** The empty set. */
    public static final SmallIdSet EMPTY = new SmallIdSet(NONE);

    /** The one id itself (no array for the commonest set), or an array of the ids, never of one. */
    private final Object ids;

    private SmallIdSet(Object ids) {
        this.ids = ids;
    }

    /** A set of these ids: the one id itself when there is one. */
    private static SmallIdSet of(String[] ids) {
        return ids.length == 1 ? new SmallIdSet(ids[0]) : new SmallIdSet(ids);
    }

    /**
     * A set of one id.
     *
     * @param id the id
     * @return the set
     */
    public static SmallIdSet of(String id) {
        return new SmallIdSet(id);
    }

    /**
     * This set with {@code id} at the end; this set itself when it has it already.
     *
     * @param id the id to add
     * @return the new set
     */
    public SmallIdSet plus(String id) {
        if (contains(id)) {
            return this;
        }
        int size = size();
        String[] next = new String[size + 1];
        for (int i = 0; i < size; i++) {
            next[i] = get(i);
        }
        next[size] = id;
        return of(next);
    }

    /**
     * This set without {@code id}; this set itself when it does not have it.
     *
     * @param id the id to remove
     * @return the new set
     */
    public SmallIdSet minus(String id) {
        int index = indexOf(id);
        if (index < 0) {
            return this;
        }
        int size = size();
        String[] next = new String[size - 1];
        for (int i = 0, j = 0; i < size; i++) {
            if (i != index) {
                next[j++] = get(i);
            }
        }
        return next.length == 0 ? EMPTY : of(next);
    }

    private String get(int index) {
        return ids instanceof String one ? one : ((String[]) ids)[index];
    }

    private int indexOf(Object id) {
        int size = size();
        for (int i = 0; i < size; i++) {
            if (get(i).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }

    @Override
    public int size() {
        return ids instanceof String ? 1 : ((String[]) ids).length;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public String next() {
                if (next >= size()) {
                    throw new NoSuchElementException();
                }
                return get(next++);
            }
        };
    }
}
