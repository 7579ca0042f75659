package dev.exengine.journal;

import net.openhft.chronicle.bytes.Bytes;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static dev.exengine.journal.JournalRecordDescriptor.*;

/**
 * A reusable copy of one journal document (a batch of records) with a cursor over its frames, and their
 * verification. Allocates nothing after warm-up; grows its buffer only when a larger document than any before
 * arrives.
 *
 * <p>A frame is a record whose version and payload length delimit it inside the document; it is {@link #VALID} when
 * its CRC matches too. When a frame cannot be delimited (short, version 0, length running past the document) the
 * rest of the document is one {@link #UNVERIFIABLE} frame, since no later record boundary can be trusted.
 */
final class RecordBatch
{
    static final int END = 0;
    static final int VALID = 1;
    static final int UNVERIFIABLE = 2;

    private final CRC32C crc = new CRC32C();
    private byte[] array = new byte[MAX_BATCH_BYTES + 1024];
    private ByteBuffer buffer = wrap(array);
    private int length;
    private int position;
    private int frame;
    private long lastValidSequence;
    private long lastValidTimestamp;

    /** Copies the document's readable bytes and puts the cursor on its first frame. */
    void load(final Bytes<?> bytes)
    {
        final long remaining = bytes.readRemaining();
        // A length no writer produces: the whole document is one unverifiable frame, marked by a zero version.
        length = remaining > MAX_DOCUMENT_LENGTH ? MIN_RECORD_LENGTH : (int)remaining;
        ensureCapacity(length);
        if (remaining > MAX_DOCUMENT_LENGTH)
        {
            buffer.putShort(VERSION_OFFSET, (short)0);
        }
        else
        {
            bytes.read(array, 0, length);
        }
        position = 0;
        frame = 0;
    }

    /** Forgets the document, so that the next {@link #next} returns {@link #END}. */
    void clear()
    {
        length = 0;
        position = 0;
        frame = 0;
    }

    /**
     * Moves to the next frame and verifies it.
     *
     * @return {@link #VALID}, {@link #UNVERIFIABLE}, or {@link #END} when the document has no more bytes.
     * @throws UnsupportedJournalVersionException when the record was written in a newer format.
     */
    int next(final String where)
    {
        frame = position;
        final int remaining = length - frame;
        if (remaining == 0)
        {
            return END;
        }
        if (remaining < MIN_RECORD_LENGTH)
        {
            position = length;
            return UNVERIFIABLE;
        }
        final short version = buffer.getShort(frame + VERSION_OFFSET);
        if (version > CURRENT_VERSION)
        {
            throw new UnsupportedJournalVersionException(version, where);
        }
        final int payloadLength = buffer.getInt(frame + PAYLOAD_LENGTH_OFFSET);
        if (version < 1 || payloadLength < 0 || payloadLength > remaining - MIN_RECORD_LENGTH)
        {
            position = length;
            return UNVERIFIABLE;
        }
        final int crcOffset = frame + crcOffset(payloadLength);
        position = crcOffset + CRC_LENGTH;
        return checksum(crc, array, frame, payloadLength) == buffer.getInt(crcOffset) ? VALID : UNVERIFIABLE;
    }

    /**
     * Moves to the next valid frame of the document, passing over unverifiable ones.
     *
     * @return false when the document has no more valid frame.
     */
    boolean nextValid(final String where)
    {
        for (int kind = next(where); kind != END; kind = next(where))
        {
            if (kind == VALID)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Verifies every frame of the document; afterwards {@link #lastValidSequence()} and {@link #lastValidTimestamp()}
     * describe its last valid record.
     *
     * @return how many unverifiable frames follow the last valid record, or, negated minus one, how many frames
     * the document has when none is valid.
     */
    int verifyToLastValid(final String where)
    {
        boolean anyValid = false;
        int after = 0;
        for (int kind = next(where); kind != END; kind = next(where))
        {
            if (kind == VALID)
            {
                anyValid = true;
                after = 0;
                lastValidSequence = sequence();
                lastValidTimestamp = timestamp();
            }
            else
            {
                after++;
            }
        }
        return anyValid ? after : -after - 1;
    }

    long lastValidSequence()
    {
        return lastValidSequence;
    }

    long lastValidTimestamp()
    {
        return lastValidTimestamp;
    }

    /** Puts the cursor back on the current frame, so that the next {@link #next} returns it again. */
    void rewindToFrame()
    {
        position = frame;
    }

    /** Puts the cursor on the frame starting at {@code offset}. */
    void moveTo(final int offset)
    {
        position = offset;
        frame = offset;
    }

    /** Where the current frame starts in the document. */
    int frameOffset()
    {
        return frame;
    }

    long sequence()
    {
        return buffer.getLong(frame + SEQUENCE_OFFSET);
    }

    long timestamp()
    {
        return buffer.getLong(frame + TIMESTAMP_OFFSET);
    }

    long origin()
    {
        return buffer.getLong(frame + ORIGIN_OFFSET);
    }

    int payloadLength()
    {
        return buffer.getInt(frame + PAYLOAD_LENGTH_OFFSET);
    }

    void deliver(final JournalRecordHandler handler)
    {
        handler.onRecord(sequence(), timestamp(), origin(), buffer, frame + PAYLOAD_OFFSET, payloadLength());
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
