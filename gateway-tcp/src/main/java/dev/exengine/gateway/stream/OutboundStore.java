package dev.exengine.gateway.stream;

import dev.exengine.storage.QueuePretouch;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.file.Path;

/**
 * The sequenced outbound stream of one user, persisted in its own Chronicle queue: message n of the stream is the
 * queue's n-th document, so a client that logs in again with "next expected = n" is served from exactly there, also
 * after a restart. Single-threaded (the gateway's thread appends and reads). Allocates nothing per message.
 *
 * <p>Why a fixed clock: Chronicle numbers documents per roll cycle; pinning the queue to one cycle makes the document
 * index contiguous, so sequence number to index is one addition instead of a search. One cycle holds
 * {@link RollCycle#maxMessagesPerCycle()} (2^32 for FAST_DAILY) messages per user.
 *
 * <p>Why every user's file is named {@code 19700101F.cq4}: Chronicle names a cycle file after the day its cycle
 * starts, and cycle 0 of a daily roll with epoch 0 starts on 1970-01-01. The date means nothing; the file holds the
 * user's whole stream for the session, which the directory names ({@code users/NAME}, archived under
 * {@code sessions/ID/}). A real date (the session's start as the epoch) would change nothing else, but Chronicle
 * keeps a store's epoch in its metadata: the stores written before would keep this name beside the new one, each
 * opened with its own epoch, for a name that tells nothing the directory does not.
 */
public final class OutboundStore implements StoredStream, AutoCloseable
{
    private static final RollCycle ROLL_CYCLE = SingleCycleQueue.ROLL_CYCLE;
    private static final int CYCLE = SingleCycleQueue.CYCLE;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private long nextSequence;

    private OutboundStore(final SingleChronicleQueue queue, final boolean readOnly)
    {
        this.queue = queue;
        this.appender = readOnly ? null : queue.createAppender();
        final long lastIndex = queue.lastIndex();
        this.nextSequence = lastIndex < 0 ? 1 : ROLL_CYCLE.toSequenceNumber(lastIndex) + 2;
    }

    /** Opens or creates the store in {@code directory}. */
    public static OutboundStore open(final Path directory)
    {
        return new OutboundStore(SingleCycleQueue.openForWriting(directory), false);
    }

    /**
     * Opens a store for reading only, changing nothing on disk, also while the gateway of a running node appends to it
     * (an online backup reads it so): it cannot {@link #append}.
     */
    public static OutboundStore openReadOnly(final Path directory)
    {
        return new OutboundStore(SingleCycleQueue.openForReading(directory), true);
    }

    /** The sequence number the next {@link #append} assigns; 1 for an empty store. */
    @Override
    public long nextSequence()
    {
        return nextSequence;
    }

    /** Persists one message. @return its sequence number. */
    public long append(final DirectBuffer src, final int offset, final int length)
    {
        if (appender == null)
        {
            throw new IllegalStateException("outbound store " + queue.file() + " is open for reading only");
        }
        if (nextSequence > ROLL_CYCLE.maxMessagesPerCycle())
        {
            throw new IllegalStateException("outbound store " + queue.file() + " is full");
        }
        src.boundsCheck(offset, length);
        try (DocumentContext dc = appender.writingDocument())
        {
            // One bulk copy straight from the source's memory: byte by byte, Chronicle checks bounds and the owning
            // thread for every byte.
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = src.byteArray();
            if (array != null)
            {
                bytes.unsafeWriteObject(array, (int)(src.addressOffset() + offset), length);
            }
            else
            {
                bytes.unsafeWrite(src.addressOffset() + offset, length);
            }
        }
        return nextSequence++;
    }

    /**
     * What keeps this stream's file touched {@code ahead} bytes beyond its end, for a pre-touch thread
     * ({@link UserStreams}) to run until before this store closes.
     */
    QueuePretouch pretouch(final long ahead)
    {
        return new QueuePretouch(queue, ahead);
    }

    /** A reader positioned nowhere yet; close it when the session ends. */
    @Override
    public Cursor cursor()
    {
        return new Cursor(queue.createTailer());
    }

    @Override
    public void close()
    {
        if (appender != null)
        {
            appender.close();
        }
        queue.close();
    }

    /** Reads the stored messages in order from a given sequence number. */
    public static final class Cursor implements StoredStream.Cursor
    {
        private final ExcerptTailer tailer;
        private long sequence = -1;

        private Cursor(final ExcerptTailer tailer)
        {
            this.tailer = tailer;
        }

        @Override
        public long sequence()
        {
            return sequence;
        }

        @Override
        public boolean seek(final long sequence)
        {
            if (sequence < 1)
            {
                return false;
            }
            if (this.sequence == sequence)
            {
                return true;
            }
            if (!tailer.moveToIndex(ROLL_CYCLE.toIndex(CYCLE, sequence - 1)))
            {
                this.sequence = -1;
                return false;
            }
            this.sequence = sequence;
            return true;
        }

        @Override
        public int read(final MutableDirectBuffer dst, final int offset, final int maxLength)
        {
            if (sequence < 1)
            {
                return -1;
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return -1;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                if (length > maxLength)
                {
                    dc.rollbackOnClose();
                    return -1;
                }
                dst.boundsCheck(offset, length);
                final byte[] array = dst.byteArray();
                if (array != null)
                {
                    bytes.unsafeReadObject(array, (int)(dst.addressOffset() + offset), length);
                }
                else
                {
                    bytes.unsafeRead(dst.addressOffset() + offset, length);
                }
                sequence++;
                return length;
            }
        }

        @Override
        public void close()
        {
            tailer.close();
        }
    }
}
