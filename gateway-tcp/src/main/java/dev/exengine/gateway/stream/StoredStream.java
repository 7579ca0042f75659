package dev.exengine.gateway.stream;

import org.agrona.MutableDirectBuffer;

/**
 * A sequenced stream of stored messages as a connection reads it: how many there are, and a cursor to replay them
 * from any sequence number. A user's stream ({@link OutboundStore}) and the market-data feed's store are ones.
 */
public interface StoredStream
{
    /** The sequence number the next message appended gets; 1 for an empty stream. */
    long nextSequence();

    /** A reader positioned nowhere yet; close it when done. */
    Cursor cursor();

    /** Reads the stored messages in order from a given sequence number. */
    interface Cursor extends AutoCloseable
    {
        /** The sequence number the next {@link #read} returns. */
        long sequence();

        /** @return false when the sequence number is not stored (yet). */
        boolean seek(long sequence);

        /**
         * Copies the message at {@link #sequence()} into {@code dst} and moves to the next one.
         *
         * @return its length, or -1 when there is no message there or it is longer than {@code maxLength} (the cursor
         * stays where it was).
         */
        int read(MutableDirectBuffer dst, int offset, int maxLength);

        @Override
        void close();
    }
}
