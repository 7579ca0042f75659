package dev.exengine.journal;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static dev.exengine.journal.JournalRecordDescriptor.*;

/** Writes well-formed records with any sequence straight into a queue, bypassing CommandJournal's numbering. */
final class RawRecords
{
    private RawRecords()
    {
    }

    static void append(final SingleChronicleQueue queue, final long sequence, final ByteBuffer payload)
    {
        final int length = payload.remaining();
        final ByteBuffer record = ByteBuffer.allocate(recordLength(length)).order(BYTE_ORDER);
        record.putShort(VERSION_OFFSET, CURRENT_VERSION)
            .putLong(SEQUENCE_OFFSET, sequence)
            .putLong(TIMESTAMP_OFFSET, 0)
            .putLong(ORIGIN_OFFSET, 0)
            .putInt(PAYLOAD_LENGTH_OFFSET, length)
            .put(PAYLOAD_OFFSET, payload, payload.position(), length);
        final CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, crcOffset(length));
        record.putInt(crcOffset(length), (int)crc.getValue());
        try (ExcerptAppender appender = queue.createAppender();
            DocumentContext dc = appender.writingDocument())
        {
            dc.wire().bytes().write(record.array());
        }
    }
}
