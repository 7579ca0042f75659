package dev.exengine.gateway.feed;

import dev.exengine.gateway.stream.SingleCycleQueue;
import dev.exengine.gateway.stream.StoredStream;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The stored market-data feed, in a Chronicle queue of its own (pinned to one cycle, as the users' streams are, so that
 * documents are numbered contiguously). Unlike a user's stream it keeps many messages per document: the feed runs at
 * the engine's rate, and a document per message cost more than deriving the message. Messages are gathered as they
 * come ({@link #append}) and written as one document when the market-data thread has handled what the engine handed
 * over ({@link #flush()}), or once the batch is large; those not yet written are not yet stored (a crash loses them,
 * and the next start derives them again).
 *
 * <p>A document: the sequence number of its first message (8 bytes), how many it holds (4), then each message as its
 * length (2) and its bytes; little-endian. A cursor finds the document of a sequence number by bisecting the documents
 * on their first numbers, then reads on in order. Single-threaded (the market-data thread); allocates nothing per
 * message.
 */
final class FeedStore implements StoredStream, AutoCloseable
{
    private static final RollCycle ROLL_CYCLE = SingleCycleQueue.ROLL_CYCLE;
    private static final int CYCLE = SingleCycleQueue.CYCLE;
    private static final int FIRST_SEQUENCE = 0;
    private static final int COUNT = 8;
    private static final int HEADER = 12;
    private static final int LENGTH_FIELD = 2;
    /** A batch is written once it holds this much, whatever else comes. */
    private static final int BATCH_BYTES = 256 << 10;

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final ExpandableDirectByteBuffer batch = new ExpandableDirectByteBuffer(BATCH_BYTES + (64 << 10));
    private int batchEnd = HEADER;
    private int batchCount;
    private long batchFirst;
    private long nextSequence;
    /** Documents written. */
    private long documents;

    private FeedStore(final SingleChronicleQueue queue)
    {
        this.queue = queue;
        this.appender = queue.createAppender();
        final long lastIndex = queue.lastIndex();
        documents = lastIndex < 0 ? 0 : ROLL_CYCLE.toSequenceNumber(lastIndex) + 1;
        nextSequence = 1;
        if (documents > 0)
        {
            try (ExcerptTailer tailer = queue.createTailer())
            {
                final ExpandableDirectByteBuffer last = new ExpandableDirectByteBuffer(HEADER);
                if (!load(tailer, documents - 1, last, HEADER))
                {
                    throw new IllegalStateException("the stored feed " + queue.file() + " lost its last document");
                }
                nextSequence = last.getLong(FIRST_SEQUENCE, ByteOrder.LITTLE_ENDIAN) +
                    last.getInt(COUNT, ByteOrder.LITTLE_ENDIAN);
            }
        }
    }

    /** Opens or creates the store in {@code directory}. */
    static FeedStore open(final Path directory)
    {
        return new FeedStore(SingleCycleQueue.openForWriting(directory));
    }

    /** The sequence number the next {@link #append} assigns, counting the messages not yet written. */
    @Override
    public long nextSequence()
    {
        return nextSequence;
    }

    /** Gathers a message for the next document. @return its sequence number. */
    long append(final DirectBuffer src, final int offset, final int length)
    {
        if (batchCount == 0)
        {
            batchFirst = nextSequence;
        }
        batch.putShort(batchEnd, (short)length, ByteOrder.LITTLE_ENDIAN);
        batch.putBytes(batchEnd + LENGTH_FIELD, src, offset, length);
        batchEnd += LENGTH_FIELD + length;
        batchCount++;
        if (batchEnd >= BATCH_BYTES)
        {
            flush();
        }
        return nextSequence++;
    }

    /** Writes the messages gathered since the last time as one document: from now on they are stored. */
    void flush()
    {
        if (batchCount == 0)
        {
            return;
        }
        batch.putLong(FIRST_SEQUENCE, batchFirst, ByteOrder.LITTLE_ENDIAN);
        batch.putInt(COUNT, batchCount, ByteOrder.LITTLE_ENDIAN);
        try (DocumentContext dc = appender.writingDocument())
        {
            // One bulk copy from the batch's memory: byte by byte, Chronicle checks bounds and ownership for each.
            dc.wire().bytes().unsafeWrite(batch.addressOffset(), batchEnd);
        }
        documents++;
        batchEnd = HEADER;
        batchCount = 0;
    }

    @Override
    public Cursor cursor()
    {
        return new Cursor(queue.createTailer());
    }

    /** Writes what is gathered and closes the queue. */
    @Override
    public void close()
    {
        flush();
        appender.close();
        queue.close();
    }

    /** The sequence number after the last message written. */
    private long storedEnd()
    {
        return batchCount == 0 ? nextSequence : batchFirst;
    }

    /**
     * Copies the first {@code maxLength} bytes of a document (all of it when 0).
     *
     * @return false when there is no such document.
     */
    private static boolean load(
        final ExcerptTailer tailer, final long document, final ExpandableDirectByteBuffer into, final int maxLength)
    {
        if (!tailer.moveToIndex(ROLL_CYCLE.toIndex(CYCLE, document)))
        {
            return false;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final int length = maxLength == 0 ? (int)bytes.readRemaining() :
                (int)Math.min(maxLength, bytes.readRemaining());
            into.checkLimit(length);
            bytes.unsafeRead(into.addressOffset(), length);
            return true;
        }
    }

    /** Reads the stored messages in order from a given sequence number; messages not yet written are not there. */
    final class Cursor implements StoredStream.Cursor
    {
        private final ExcerptTailer tailer;
        private final ExpandableDirectByteBuffer document = new ExpandableDirectByteBuffer(BATCH_BYTES + (64 << 10));
        private final ExpandableDirectByteBuffer probe = new ExpandableDirectByteBuffer(HEADER);
        private long documentIndex = -1;
        private long documentFirst;
        private int documentCount;
        private int position;
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
            if (sequence < 1 || sequence >= storedEnd())
            {
                return false;
            }
            if (this.sequence == sequence)
            {
                return true;
            }
            if (documentIndex < 0 || sequence < documentFirst || sequence >= documentFirst + documentCount)
            {
                loadDocument(documentOf(sequence));
            }
            position = HEADER;
            for (long skip = sequence - documentFirst; skip > 0; skip--)
            {
                position += LENGTH_FIELD + (document.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
            }
            this.sequence = sequence;
            return true;
        }

        @Override
        public int read(final MutableDirectBuffer dst, final int offset, final int maxLength)
        {
            if (sequence < 1 || sequence >= storedEnd())
            {
                return -1;
            }
            if (sequence == documentFirst + documentCount)
            {
                loadDocument(documentIndex + 1);
                position = HEADER;
            }
            final int length = document.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            if (length > maxLength)
            {
                return -1;
            }
            dst.putBytes(offset, document, position + LENGTH_FIELD, length);
            position += LENGTH_FIELD + length;
            sequence++;
            return length;
        }

        @Override
        public void close()
        {
            tailer.close();
        }

        /** The last document whose first message is at or before the sequence number. */
        private long documentOf(final long sequence)
        {
            long low = 0;
            long high = documents - 1;
            while (low < high)
            {
                final long mid = (low + high + 1) >>> 1;
                if (!load(tailer, mid, probe, HEADER))
                {
                    throw new IllegalStateException("the stored feed " + queue.file() + " lost document " + mid);
                }
                if (probe.getLong(FIRST_SEQUENCE, ByteOrder.LITTLE_ENDIAN) <= sequence)
                {
                    low = mid;
                }
                else
                {
                    high = mid - 1;
                }
            }
            return low;
        }

        private void loadDocument(final long index)
        {
            if (!load(tailer, index, document, 0))
            {
                throw new IllegalStateException("the stored feed " + queue.file() + " lost document " + index);
            }
            documentIndex = index;
            documentFirst = document.getLong(FIRST_SEQUENCE, ByteOrder.LITTLE_ENDIAN);
            documentCount = document.getInt(COUNT, ByteOrder.LITTLE_ENDIAN);
        }
    }
}
