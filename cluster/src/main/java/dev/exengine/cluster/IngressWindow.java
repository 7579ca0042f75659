package dev.exengine.cluster;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The messages a gateway's ingress has numbered and not yet seen applied, kept for go-back-N: each has its client
 * sequence (1, 2, 3...) and a slot of its own; they are sent in order, and after a failover sending starts again at the
 * first one not applied ({@link #rewind}), so that the log receives them in order whatever it lost. Single-threaded (the
 * ingress's thread). Allocates nothing.
 */
final class IngressWindow
{
    private final int capacity;
    private final int mask;
    private final int slotLength;
    private final UnsafeBuffer slots;
    private final int[] lengths;
    /** The last sequence numbered. */
    private long lastSequence;
    /** The last sequence seen applied: those up to it are forgotten. */
    private long appliedThrough;
    /** The sequence the next {@link #sent} concerns. */
    private long nextToSend;

    /**
     * @param firstSequence the sequence of the first message it will hold.
     * @param capacity      messages it holds: a power of 2.
     * @param slotLength    the longest message.
     */
    IngressWindow(final long firstSequence, final int capacity, final int slotLength)
    {
        this.lastSequence = firstSequence - 1;
        this.appliedThrough = firstSequence - 1;
        this.nextToSend = firstSequence;
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("the window's capacity must be a power of 2, not " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slotLength = slotLength;
        this.slots = new UnsafeBuffer(new byte[capacity * slotLength]);
        this.lengths = new int[capacity];
    }

    boolean isFull()
    {
        return lastSequence - appliedThrough == capacity;
    }

    /** Whether it holds messages not seen applied. */
    boolean hasUnapplied()
    {
        return lastSequence > appliedThrough;
    }

    int unapplied()
    {
        return (int)(lastSequence - appliedThrough);
    }

    /** The sequence the next {@link #add} numbers. */
    long nextSequence()
    {
        return lastSequence + 1;
    }

    /** The buffer every slot is in. */
    MutableDirectBuffer buffer()
    {
        return slots;
    }

    /** Where the message of a sequence is (or the next one is to be written). */
    int offset(final long sequence)
    {
        return (int)(sequence & mask) * slotLength;
    }

    int slotLength()
    {
        return slotLength;
    }

    /**
     * Numbers the message written at {@link #offset}({@link #nextSequence()}).
     *
     * @throws IllegalStateException when the window is full.
     */
    void add(final int length)
    {
        if (isFull())
        {
            throw new IllegalStateException("the ingress window is full");
        }
        if (length > slotLength)
        {
            throw new IllegalArgumentException("a message of " + length + " bytes in slots of " + slotLength);
        }
        lastSequence++;
        lengths[(int)(lastSequence & mask)] = length;
    }

    /** Whether a message waits to be sent. */
    boolean hasUnsent()
    {
        return nextToSend <= lastSequence;
    }

    /** The sequence of the next message to send. */
    long nextToSend()
    {
        return nextToSend;
    }

    int length(final long sequence)
    {
        return lengths[(int)(sequence & mask)];
    }

    /** The message {@link #nextToSend()} is in the log's hands. */
    void sent()
    {
        nextToSend++;
    }

    /**
     * The service applied (or dropped as a duplicate) every sequence through {@code sequence}: they are forgotten.
     *
     * @return whether that was news.
     */
    boolean applied(final long sequence)
    {
        final long through = Math.min(sequence, lastSequence);
        if (through <= appliedThrough)
        {
            return false;
        }
        appliedThrough = through;
        nextToSend = Math.max(nextToSend, through + 1);
        return true;
    }

    /** The next message to send is again the first one not seen applied. */
    void rewind()
    {
        nextToSend = appliedThrough + 1;
    }
}
