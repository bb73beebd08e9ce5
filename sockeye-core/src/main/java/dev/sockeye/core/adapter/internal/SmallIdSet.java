package dev.sockeye.core.adapter.internal;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An immutable set of a few ids in insertion order, for the adapter's room and membership sets: most of them hold
 * one id (every socket is alone in the room named after it) or a handful, and a concurrent set costs several times
 * more memory than this array (about 40 bytes for one id, against 200 for a {@code ConcurrentHashMap} key set).
 * A change makes a new set, which the adapter stores in place of the old one; readers iterate without a lock.
 * Membership is a linear scan: meant for a few elements only.
 */
public final class SmallIdSet extends AbstractSet<String> {
    /** The empty set. */
    public static final SmallIdSet EMPTY = new SmallIdSet(new String[0]);

    private final String[] ids;

    private SmallIdSet(String[] ids) {
        this.ids = ids;
    }

    /**
     * A set of one id.
     *
     * @param id the id
     * @return the set
     */
    public static SmallIdSet of(String id) {
        return new SmallIdSet(new String[] {id});
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
        String[] next = Arrays.copyOf(ids, ids.length + 1);
        next[ids.length] = id;
        return new SmallIdSet(next);
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
        String[] next = new String[ids.length - 1];
        System.arraycopy(ids, 0, next, 0, index);
        System.arraycopy(ids, index + 1, next, index, ids.length - index - 1);
        return new SmallIdSet(next);
    }

    private int indexOf(Object id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].equals(id)) {
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
        return ids.length;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < ids.length;
            }

            @Override
            public String next() {
                if (next >= ids.length) {
                    throw new NoSuchElementException();
                }
                return ids[next++];
            }
        };
    }
}
