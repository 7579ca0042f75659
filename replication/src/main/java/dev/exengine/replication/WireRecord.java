package dev.exengine.replication;

import dev.exengine.journal.JournalRecordDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static dev.exengine.journal.JournalRecordDescriptor.*;

/**
 * A journal record as it travels, laid out as the journals hold it ({@link JournalRecordDescriptor}): written by the
 * primary from what its journal reader delivers, checked by the standby (format version, length, CRC) before it
 * journals it. One instance per thread, over the buffer it writes or reads; allocates nothing.
 */
final class WireRecord
{
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer memory;
    private final MutableDirectBuffer view;

    /**
     * @param memory the direct buffer that {@code view} wraps: the CRC is computed on it in place.
     */
    WireRecord(final ByteBuffer memory, final MutableDirectBuffer view)
    {
        this.memory = memory.duplicate();
        this.view = view;
    }

    /**
     * Writes the record at {@code offset} of the view.
     *
     * @return its length.
     */
    int write(
        final int offset, final long sequence, final long timestamp, final long origin, final ByteBuffer payload,
        final int payloadOffset, final int payloadLength)
    {
        view.putShort(offset + VERSION_OFFSET, CURRENT_VERSION, BYTE_ORDER);
        view.putLong(offset + SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        view.putLong(offset + TIMESTAMP_OFFSET, timestamp, BYTE_ORDER);
        view.putLong(offset + ORIGIN_OFFSET, origin, BYTE_ORDER);
        view.putInt(offset + PAYLOAD_LENGTH_OFFSET, payloadLength, BYTE_ORDER);
        view.putBytes(offset + PAYLOAD_OFFSET, payload, payloadOffset, payloadLength);
        view.putInt(offset + crcOffset(payloadLength), checksum(offset, payloadLength), BYTE_ORDER);
        return recordLength(payloadLength);
    }

    /**
     * @return why the record of {@code length} bytes at {@code offset} cannot be journaled, or null when it is whole.
     */
    String damage(final int offset, final int length)
    {
        if (length < MIN_RECORD_LENGTH)
        {
            return length + " bytes are too short for a record";
        }
        final short version = view.getShort(offset + VERSION_OFFSET, BYTE_ORDER);
        if (version != CURRENT_VERSION)
        {
            return "record format version " + version + ", this node reads " + CURRENT_VERSION;
        }
        final int payloadLength = view.getInt(offset + PAYLOAD_LENGTH_OFFSET, BYTE_ORDER);
        if (payloadLength < 0 || recordLength(payloadLength) != length)
        {
            return "a payload of " + payloadLength + " bytes in a record of " + length;
        }
        if (checksum(offset, payloadLength) != view.getInt(offset + crcOffset(payloadLength), BYTE_ORDER))
        {
            return "its CRC does not match its bytes";
        }
        return null;
    }

    static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, BYTE_ORDER);
    }

    static long timestamp(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, BYTE_ORDER);
    }

    static long origin(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + ORIGIN_OFFSET, BYTE_ORDER);
    }

    static int payloadLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, BYTE_ORDER);
    }

    private int checksum(final int offset, final int payloadLength)
    {
        memory.limit(offset + crcOffset(payloadLength)).position(offset);
        crc.reset();
        crc.update(memory);
        return (int)crc.getValue();
    }
}
