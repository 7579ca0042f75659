package dev.exengine.journal;

import net.openhft.chronicle.bytes.Bytes;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static dev.exengine.journal.JournalRecordDescriptor.*;

/**
 * A reusable copy of one record taken out of a Chronicle document, with its verification.
 * Allocates nothing after warm-up; grows its buffer only when a larger record than any before arrives.
 */
final class RecordFrame
{
    private final CRC32C crc = new CRC32C();
    private byte[] array = new byte[1024];
    private ByteBuffer buffer = wrap(array);
    private int length;

    /**
     * Copies the document's readable bytes and verifies them.
     *
     * @return true when the record is whole and its checksum matches; false when it is torn or damaged.
     * @throws UnsupportedJournalVersionException when the record was written in a newer format.
     */
    boolean load(final Bytes<?> bytes, final String where)
    {
        final long remaining = bytes.readRemaining();
        if (remaining > recordLength(MAX_PAYLOAD_LENGTH))
        {
            length = 0;
            return false;
        }
        length = (int)remaining;
        ensureCapacity(length);
        bytes.read(array, 0, length);
        return verify(where);
    }

    private boolean verify(final String where)
    {
        if (length < MIN_RECORD_LENGTH)
        {
            return false;
        }
        final short version = buffer.getShort(VERSION_OFFSET);
        if (version > CURRENT_VERSION)
        {
            throw new UnsupportedJournalVersionException(version, where);
        }
        final int payloadLength = payloadLength();
        if (version < 1 || payloadLength < 0 || recordLength(payloadLength) != length)
        {
            return false;
        }
        crc.reset();
        crc.update(array, 0, crcOffset(payloadLength));
        return (int)crc.getValue() == buffer.getInt(crcOffset(payloadLength));
    }

    /** True when at least the header was copied, so header fields can be read even from an unverified record. */
    boolean hasHeader()
    {
        return length >= HEADER_LENGTH;
    }

    long sequence()
    {
        return buffer.getLong(SEQUENCE_OFFSET);
    }

    long timestamp()
    {
        return buffer.getLong(TIMESTAMP_OFFSET);
    }

    long origin()
    {
        return buffer.getLong(ORIGIN_OFFSET);
    }

    int payloadLength()
    {
        return buffer.getInt(PAYLOAD_LENGTH_OFFSET);
    }

    void deliver(final JournalRecordHandler handler)
    {
        handler.onRecord(sequence(), timestamp(), origin(), buffer, PAYLOAD_OFFSET, payloadLength());
    }

    private void ensureCapacity(final int required)
    {
        if (array.length < required)
        {
            array = new byte[Integer.highestOneBit(required - 1) << 1];
            buffer = wrap(array);
        }
    }

    private static ByteBuffer wrap(final byte[] array)
    {
        return ByteBuffer.wrap(array).order(BYTE_ORDER);
    }
}
