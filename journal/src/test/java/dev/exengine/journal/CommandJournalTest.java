package dev.exengine.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.exengine.journal.JournalFiles.payload;
import static org.junit.jupiter.api.Assertions.*;

class CommandJournalTest
{
    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void shouldAssignGapFreeSequencesStartingAtOne()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(1, journal.append(10, 100, payload("first"), 0, 5));
            assertEquals(2, journal.append(11, 101, payload("xsecondx"), 1, 6));
            assertEquals(3, journal.append(12, 102, payload(""), 0, 0));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(
                new RecordingHandler.Seen(1, 10, 100, "first"),
                new RecordingHandler.Seen(2, 11, 101, "second"),
                new RecordingHandler.Seen(3, 12, 102, "")), RecordingHandler.readAll(reader).seen);
        }
    }

    @Test
    void shouldContinueSequenceAfterReopen()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            JournalFiles.appendMarked(journal, 3);
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(0, journal.discardedTailRecords());
            assertEquals(4, journal.append(5, 5, payload("four"), 0, 4));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(1L, 2L, 3L, 4L), RecordingHandler.readAll(reader).sequences());
        }
    }

    @Test
    void shouldStartAtOneAndReadNothingWhenJournalDoesNotExist()
    {
        final Path missing = dir.resolve("missing");
        try (JournalReader reader = JournalReader.open(missing))
        {
            assertEquals(0, reader.poll(new RecordingHandler(), 10));
            assertEquals(0, reader.lastSequence());
        }
        try (CommandJournal journal = CommandJournal.open(missing, DurabilityMode.PROCESS))
        {
            assertEquals(1, journal.nextSequence());
            assertEquals(0, journal.discardedTailRecords());
        }
    }

    @Test
    void shouldReadRecordsAppendedInFsyncModeAcrossCycleRolls()
    {
        final SetTimeProvider clock = new SetTimeProvider(0).advanceMillis(DAY_MILLIS * 20_000);
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.FSYNC, clock))
        {
            JournalFiles.appendMarked(journal, 2);
            clock.advanceMillis(DAY_MILLIS);
            JournalFiles.appendMarked(journal, 2);
            journal.flush();
            JournalFiles.appendMarked(journal, 1);
        }
        assertEquals(2, JournalInfo.cycleFiles(dir).size());
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), RecordingHandler.readAll(reader).sequences());
        }
    }

    @Test
    void shouldPersistDurabilityModeAndFormatVersion() throws IOException
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.FSYNC))
        {
            assertEquals(DurabilityMode.FSYNC, journal.durabilityMode());
        }
        final String meta = Files.readString(dir.resolve(JournalMetadata.FILE_NAME));
        assertTrue(meta.contains("formatVersion=" + JournalRecordDescriptor.CURRENT_VERSION), meta);
        assertTrue(meta.contains("durabilityMode=FSYNC"), meta);
    }

    @Test
    void shouldRecordAnotherModeAtTheNextOpen() throws IOException
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.FSYNC))
        {
            assertEquals(DurabilityMode.FSYNC, journal.durabilityMode());
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.FSYNC))
        {
            assertEquals(DurabilityMode.FSYNC, journal.durabilityMode());
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(DurabilityMode.PROCESS, journal.durabilityMode());
        }
        final String meta = Files.readString(dir.resolve(JournalMetadata.FILE_NAME));
        assertTrue(meta.contains("durabilityMode=PROCESS"), meta);
        assertTrue(meta.contains("formatVersion=" + JournalRecordDescriptor.CURRENT_VERSION), meta);
    }

    @Test
    void shouldRefuseToOpenJournalOfNewerFormat() throws IOException
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            JournalFiles.appendMarked(journal, 1);
        }
        Files.writeString(dir.resolve(JournalMetadata.FILE_NAME), "formatVersion=9\ndurabilityMode=PROCESS\n");

        final UnsupportedJournalVersionException writerError =
            assertThrows(UnsupportedJournalVersionException.class, () -> CommandJournal.open(dir, DurabilityMode.PROCESS));
        assertEquals(9, writerError.version());
        assertThrows(UnsupportedJournalVersionException.class, () -> JournalReader.open(dir));
        assertThrows(UnsupportedJournalVersionException.class, () -> JournalInfo.read(dir));
    }

    @Test
    void shouldNotAllocateWhenAppendingAfterWarmUp()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final ByteBuffer direct = ByteBuffer.allocateDirect(64);
        final ByteBuffer heap = ByteBuffer.wrap("0123456789012345678901234567890123456789012345678901234567890123"
            .getBytes(StandardCharsets.US_ASCII));
        // A fixed clock keeps every record in one cycle, so no roll allocates during the measurement.
        final SetTimeProvider clock = new SetTimeProvider(0).advanceMillis(DAY_MILLIS * 20_000);
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            for (int i = 0; i < 100_000; i++)
            {
                appendFlushingEvery16(journal, i, (i & 1) == 0 ? direct : heap);
            }
            final int measured = 100_000;
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < measured; i++)
            {
                appendFlushingEvery16(journal, i, (i & 1) == 0 ? direct : heap);
            }
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes over " + measured + " appends");
            assertEquals(200_001, journal.nextSequence());
        }
    }

    @Test
    void shouldPutEveryRecordAppendedBeforeFlushIntoOneDocument()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            JournalFiles.appendMarked(journal, 5);
            journal.flush();
            JournalFiles.appendMarked(journal, 3);
            journal.flush();
            journal.flush();
            JournalFiles.appendMarked(journal, 1);
        }
        assertEquals(3, JournalFiles.documentCount(dir));
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingHandler handler = RecordingHandler.readAll(reader);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), handler.sequences());
            for (final RecordingHandler.Seen seen : handler.seen)
            {
                assertEquals(new RecordingHandler.Seen(seen.sequence(), 1_000 + seen.sequence(), 7,
                    JournalFiles.marker(seen.sequence())), seen);
            }
        }
    }

    @Test
    void shouldCommitBatchOnItsOwnWhenItReachesTheRecordBound()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS);
            JournalReader reader = JournalReader.open(dir))
        {
            JournalFiles.appendMarked(journal, JournalRecordDescriptor.MAX_BATCH_RECORDS - 1);
            assertEquals(0, reader.poll(new RecordingHandler(), Integer.MAX_VALUE));
            JournalFiles.appendMarked(journal, 2);
            assertEquals(JournalRecordDescriptor.MAX_BATCH_RECORDS, reader.poll(new RecordingHandler(), Integer.MAX_VALUE));
            journal.flush();
            assertEquals(1, reader.poll(new RecordingHandler(), Integer.MAX_VALUE));
        }
        assertEquals(2, JournalFiles.documentCount(dir));
    }

    @Test
    void shouldCommitBatchOnItsOwnWhenItReachesTheByteBound()
    {
        final int payloadLength = 4_000;
        final int recordsToReachBound = JournalRecordDescriptor.MAX_BATCH_BYTES /
            JournalRecordDescriptor.recordLength(payloadLength) + 1;
        final ByteBuffer payload = ByteBuffer.allocate(payloadLength);
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS);
            JournalReader reader = JournalReader.open(dir))
        {
            for (int i = 0; i < recordsToReachBound - 1; i++)
            {
                journal.append(i, 0, payload, 0, payloadLength);
            }
            assertEquals(0, reader.poll(new RecordingHandler(), Integer.MAX_VALUE));
            journal.append(0, 0, payload, 0, payloadLength);
            assertEquals(recordsToReachBound, reader.poll(new RecordingHandler(), Integer.MAX_VALUE));
        }
    }

    private static void appendFlushingEvery16(final CommandJournal journal, final int i, final ByteBuffer payload)
    {
        journal.append(i, i, payload, 0, 64);
        if ((i & 15) == 15)
        {
            journal.flush();
        }
    }
}
