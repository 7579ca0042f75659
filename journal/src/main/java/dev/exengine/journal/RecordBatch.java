package dev.exengine.journal;

import net.openhft.chronicle.bytes.Bytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
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
        if (frame == length)
        {
            return END;
        }
        if (length - frame >= MIN_RECORD_LENGTH)
        {
            final short version = buffer.getShort(frame + VERSION_OFFSET);
            if (version > CURRENT_VERSION)
            {
                throw new UnsupportedJournalVersionException(version, where);
            }
        }
        final int payloadLength = delimit(frame);
        if (payloadLength < 0)
        {
            position = length;
            return UNVERIFIABLE;
        }
        position = frame + recordLength(payloadLength);
        return verifies(frame, payloadLength) ? VALID : UNVERIFIABLE;
    }

    /**
     * Copies {@code length} bytes of a file from {@code filePosition}, bytes past its end reading as zeros, for {@link
     * #isRecordAt}: a look for intact records where no reader reaches.
     */
    void load(final FileChannel channel, final long filePosition, final int length)
    {
        ensureCapacity(length);
        Arrays.fill(array, 0, length, (byte)0);
        final ByteBuffer target = ByteBuffer.wrap(array, 0, length);
        try
        {
            int read = 0;
            while (read >= 0 && target.hasRemaining())
            {
                read = channel.read(target, filePosition + target.position());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        this.length = length;
        position = 0;
        frame = 0;
    }

    /**
     * Whether a valid record of a format this code reads starts at {@code offset} of what was loaded; puts the cursor
     * on it when it does, so that {@link #sequence()} names it.
     */
    boolean isRecordAt(final int offset)
    {
        final int payloadLength = delimit(offset);
        if (payloadLength < 0 || buffer.getShort(offset + VERSION_OFFSET) > CURRENT_VERSION ||
            !verifies(offset, payloadLength))
        {
            return false;
        }
        frame = offset;
        position = offset + recordLength(payloadLength);
        return true;
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

    byte byteAt(final int offset)
    {
        return array[offset];
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

    /** @return the payload length of the record a frame at {@code offset} delimits, or -1 when it delimits none. */
    private int delimit(final int offset)
    {
        final int remaining = length - offset;
        if (remaining < MIN_RECORD_LENGTH || buffer.getShort(offset + VERSION_OFFSET) < 1)
        {
            return -1;
        }
        final int payloadLength = buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET);
        return payloadLength < 0 || payloadLength > remaining - MIN_RECORD_LENGTH ? -1 : payloadLength;
    }

    private boolean verifies(final int offset, final int payloadLength)
    {
        return checksum(crc, array, offset, payloadLength) == buffer.getInt(offset + crcOffset(payloadLength));
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
