package dev.sockeye.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The frames other threads sent to one WebSocket, oldest first, until its event loop writes them. Holds no node while
 * empty, which is how an idle connection's outbox stays: 24 bytes, where a {@code ConcurrentLinkedQueue} kept 72
 * (the queue and its one or two empty nodes). Any thread may {@link #add}; {@link #poll} takes the lock, since a
 * sender whose event loop refused the drain task releases the frames itself.
 *
 * <p>A broadcast's frame is queued as the buffer all its members share ({@link #addShared}) and duplicated only when
 * taken: a full-speed broadcast to many members queues one node per member, not a node and a duplicate, and the
 * duplicate lives from the write to the flush instead of from the broadcast to the drain (fewer objects for the
 * young collections to copy while frames wait).
 */
final class Outbox {
    private static final AtomicReferenceFieldUpdater<Outbox, Node> PUSHED =
            AtomicReferenceFieldUpdater.newUpdater(Outbox.class, Node.class, "pushed");

    /** Added and not yet taken by {@link #poll}, newest first. */
    @SuppressWarnings("unused") // through PUSHED
    private volatile Node pushed;
    /** Taken from {@link #pushed} by {@link #poll}, oldest first; guarded by this. */
    private Node taken;

    private static final class Node {
        final ReferenceCounted frame;
        /** Whether {@link #frame} is a buffer shared with other connections, to duplicate when taken. */
        final boolean shared;

        Node next;

        Node(ReferenceCounted frame, boolean shared) {
            this.frame = frame;
            this.shared = shared;
        }
    }

    /** Adds a frame of this connection's own after every frame added before it; lock-free. */
    void add(ReferenceCounted frame) {
        push(new Node(frame, false));
    }

    /**
     * Adds a buffer shared with other connections, which this outbox does not own (never released through it), after
     * every frame added before it; {@link #poll} hands out a retained duplicate of it. Lock-free.
     */
    void addShared(ByteBuf frame) {
        push(new Node(frame, true));
    }

    private void push(Node node) {
        Node head;
        do {
            head = pushed;
            node.next = head;
        } while (!PUSHED.compareAndSet(this, head, node));
    }

    /**
     * The oldest frame not taken yet, the caller's to write or release (a shared buffer as a retained duplicate), or
     * {@code null} when there is none.
     */
    synchronized ReferenceCounted poll() {
        if (taken == null) {
            // reverse what was added since the last take: newest first becomes oldest first
            Node node = PUSHED.getAndSet(this, null);
            while (node != null) {
                Node next = node.next;
                node.next = taken;
                taken = node;
                node = next;
            }
            if (taken == null) {
                return null;
            }
        }
        Node oldest = taken;
        taken = oldest.next;
        return oldest.shared ? ((ByteBuf) oldest.frame).retainedDuplicate() : oldest.frame;
    }
}
