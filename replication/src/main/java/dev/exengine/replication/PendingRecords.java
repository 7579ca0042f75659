package dev.exengine.replication;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * The records a standby has received and not yet handed to its engine, oldest first, as they came (wire records):
 * they wait for the primary's decision. A byte FIFO that grows to the longest backlog and then allocates nothing.
 */
final class PendingRecords
{
    private final ExpandableDirectByteBuffer data = new ExpandableDirectByteBuffer(1 << 16);
    private int head;
    private int tail;

    /** @return bytes waiting. */
    int bytes()
    {
        return tail - head;
    }

    boolean isEmpty()
    {
        return head == tail;
    }

    /** Keeps a copy of the wire record of {@code length} bytes at {@code offset}. */
    void add(final DirectBuffer buffer, final int offset, final int length)
    {
        if (head == tail)
        {
            head = 0;
            tail = 0;
        }
        else if (head > data.capacity() / 2)
        {
            data.putBytes(0, data, head, tail - head);
            tail -= head;
            head = 0;
        }
        data.putInt(tail, length);
        data.putBytes(tail + Integer.BYTES, buffer, offset, length);
        tail += Integer.BYTES + length;
    }

    /** The oldest record's buffer; read it at {@link #oldestOffset()}. */
    DirectBuffer buffer()
    {
        return data;
    }

    int oldestOffset()
    {
        return head + Integer.BYTES;
    }

    long oldestSequence()
    {
        return WireRecord.sequence(data, oldestOffset());
    }

    void removeOldest()
    {
        head += Integer.BYTES + data.getInt(head);
    }

    void clear()
    {
        head = 0;
        tail = 0;
    }
}
