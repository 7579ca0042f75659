package dev.exengine.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static dev.exengine.journal.JournalFiles.payload;
import static org.junit.jupiter.api.Assertions.*;

class JournalReaderTest
{
    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(0).advanceMillis(DAY_MILLIS * 20_000);

    /** Writes 3 cycles of 100 records; record n has timestamp 10 * n. */
    private void writeThreeCycles()
    {
        final ByteBuffer payload = payload("p");
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            for (int cycle = 0; cycle < 3; cycle++)
            {
                for (int i = 0; i < 100; i++)
                {
                    journal.append(10 * journal.nextSequence(), 0, payload, 0, 1);
                }
                journal.flush();
                clock.advanceMillis(DAY_MILLIS);
            }
        }
    }

    @Test
    void shouldSeekToSequenceAcrossCycles()
    {
        writeThreeCycles();
        try (JournalReader reader = JournalReader.open(dir, clock))
        {
            for (final long sequence : new long[]{1, 2, 100, 101, 150, 201, 300})
            {
                assertTrue(reader.seek(sequence));
                final RecordingHandler handler = new RecordingHandler();
                assertEquals(1, reader.poll(handler, 1));
                assertEquals(sequence, handler.seen.get(0).sequence());
            }
            assertTrue(reader.seek(301));
            assertEquals(0, reader.poll(new RecordingHandler(), 1));
            assertFalse(reader.seek(302));
            assertFalse(reader.seek(0));
        }
    }

    @Test
    void shouldSeekToFirstRecordAtOrAfterTimestamp()
    {
        writeThreeCycles();
        try (JournalReader reader = JournalReader.open(dir, clock))
        {
            assertEquals(1, reader.seekToTimestamp(0));
            assertEquals(150, reader.seekToTimestamp(1500));
            assertEquals(151, reader.seekToTimestamp(1501));
            final RecordingHandler handler = RecordingHandler.readAll(reader);
            assertEquals(150, handler.seen.size());
            assertEquals(1510, handler.seen.get(0).timestamp());
            assertEquals(301, reader.seekToTimestamp(1_000_000));
        }
    }

    @Test
    void shouldTailRecordsAsTheyAreAppended()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock);
            JournalReader reader = JournalReader.open(dir, clock))
        {
            final RecordingHandler handler = new RecordingHandler();
            assertEquals(0, reader.poll(handler, 10));
            journal.append(1, 1, payload("a"), 0, 1);
            journal.append(2, 1, payload("b"), 0, 1);
            assertEquals(0, reader.poll(handler, 10), "nothing of an open batch is visible");
            journal.flush();
            assertEquals(2, reader.poll(handler, 10));
            assertEquals(0, reader.poll(handler, 10));
            journal.append(3, 1, payload("c"), 0, 1);
            assertEquals(0, reader.poll(handler, 10), "nothing of an open batch is visible");
            journal.flush();
            assertEquals(1, reader.poll(handler, 10));
            assertEquals(List.of(1L, 2L, 3L), handler.sequences());
        }
    }

    @Test
    void shouldSeekToSequenceInsideDocuments()
    {
        writeBatchesOfTen(5);
        try (JournalReader reader = JournalReader.open(dir, clock))
        {
            for (final long sequence : new long[]{17, 1, 11, 10, 35, 2, 48})
            {
                assertTrue(reader.seek(sequence));
                final RecordingHandler handler = new RecordingHandler();
                assertEquals(3, reader.poll(handler, 3));
                assertEquals(List.of(sequence, sequence + 1, sequence + 2), handler.sequences());
            }
            assertTrue(reader.seek(50));
            assertEquals(List.of(50L), RecordingHandler.readAll(reader).sequences());
            assertTrue(reader.seek(51));
            assertFalse(reader.seek(52));
        }
    }

    @Test
    void shouldSeekToTimestampInsideDocument()
    {
        writeBatchesOfTen(5);
        try (JournalReader reader = JournalReader.open(dir, clock))
        {
            assertEquals(13, reader.seekToTimestamp(125));
            assertEquals(13, reader.seekToTimestamp(130));
            assertEquals(11, reader.seekToTimestamp(101));
            assertEquals(10, reader.seekToTimestamp(100));
            assertEquals(48, reader.seekToTimestamp(471));
            final RecordingHandler handler = RecordingHandler.readAll(reader);
            assertEquals(List.of(48L, 49L, 50L), handler.sequences());
            assertEquals(51, reader.seekToTimestamp(501));
        }
    }

    @Test
    void shouldResumePollInTheMiddleOfADocument()
    {
        writeBatchesOfTen(2);
        try (JournalReader reader = JournalReader.open(dir, clock))
        {
            final RecordingHandler handler = new RecordingHandler();
            assertEquals(3, reader.poll(handler, 3));
            assertEquals(4, reader.poll(handler, 4));
            assertEquals(13, reader.poll(handler, 100));
            assertEquals(0, reader.poll(handler, 100));
            assertEquals(20, handler.seen.size());
            assertEquals(20L, handler.sequences().get(19));
        }
    }

    /** Writes {@code documents} batches of ten records in one cycle; record n has timestamp 10 * n. */
    private void writeBatchesOfTen(final int documents)
    {
        final ByteBuffer payload = payload("p");
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            for (int document = 0; document < documents; document++)
            {
                for (int i = 0; i < 10; i++)
                {
                    journal.append(10 * journal.nextSequence(), 0, payload, 0, 1);
                }
                journal.flush();
            }
        }
        assertEquals(documents, JournalFiles.documentCount(dir));
    }

    @Test
    void shouldNotAllocateWhenReadingAfterWarmUp()
    {
        final ByteBuffer payload = ByteBuffer.allocateDirect(64);
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            for (int i = 0; i < 200_000; i++)
            {
                journal.append(i, i, payload, 0, 64);
            }
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long[] sum = new long[1];
        final JournalRecordHandler handler = (sequence, timestamp, origin, buffer, offset, length) -> sum[0] += sequence;
        try (JournalReader reader = JournalReader.open(dir, clock))
        {
            int read = 0;
            while (read < 100_000)
            {
                read += reader.poll(handler, 100);
            }
            final long before = threads.getThreadAllocatedBytes(threadId);
            while (read < 200_000)
            {
                read += reader.poll(handler, 100);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes over 100000 reads");
            assertEquals(200_000L * 200_001 / 2, sum[0]);
        }
    }
}
