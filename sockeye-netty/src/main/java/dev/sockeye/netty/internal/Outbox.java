package dev.sockeye.netty.internal;

import io.netty.util.ReferenceCounted;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The frames other threads sent to one WebSocket, oldest first, until its event loop writes them. Holds no node while
 * empty, which is how an idle connection's outbox stays: 24 bytes, where a {@code ConcurrentLinkedQueue} kept 72
 * (the queue and its one or two empty nodes). Any thread may {@link #add}; {@link #poll} takes the lock, since a
 * sender whose event loop refused the drain task releases the frames itself.
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
        Node next;

        Node(ReferenceCounted frame) {
            this.frame = frame;
        }
    }

    /** Adds a frame after every frame added before it; lock-free. */
    void add(ReferenceCounted frame) {
        Node node = new Node(frame);
        Node head;
        do {
            head = pushed;
            node.next = head;
        } while (!PUSHED.compareAndSet(this, head, node));
    }

    /** The oldest frame not taken yet, or {@code null} when there is none. */
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
        return oldest.frame;
    }
}
