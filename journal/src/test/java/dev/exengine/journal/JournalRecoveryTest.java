package dev.exengine.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.exengine.journal.JournalFiles.payload;
import static org.junit.jupiter.api.Assertions.*;

class JournalRecoveryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldContinueSequenceAfterProcessKilledMidWrite() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingWriter.class.getName());
        command.add(dir.toString());
        command.add("3");
        final Process child = new ProcessBuilder(command).inheritIO().start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not finish");
        assertEquals(0, child.exitValue());

        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            // Chronicle never published the half-written document's header, so nothing is left to discard.
            assertEquals(0, journal.discardedTailRecords());
            assertEquals(4, journal.append(1, 1, payload("after"), 0, 5));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(1L, 2L, 3L, 4L), RecordingHandler.readAll(reader).sequences());
            assertEquals(0, reader.skippedTornRecords());
        }
    }

    @Test
    void shouldDiscardTornLastRecordOnOpen() throws Exception
    {
        writeMarked(3);
        JournalFiles.flipPayloadByte(JournalFiles.onlyCycleFile(dir), 3);

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(1L, 2L), RecordingHandler.readAll(reader).sequences());
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(1, journal.discardedTailRecords());
            assertEquals(3, journal.append(9, 9, payload("again"), 0, 5));
            assertEquals(4, journal.append(9, 9, payload("more"), 0, 4));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingHandler handler = RecordingHandler.readAll(reader);
            assertEquals(List.of(1L, 2L, 3L, 4L), handler.sequences());
            assertEquals("again", handler.seen.get(2).payload());
            assertEquals(1, reader.skippedTornRecords());
        }
    }

    /**
     * A writer killed as it rolled to a new day's cycle file: the file is made at its full size, but Chronicle's own
     * header is not written (zeros, or claimed and not finished), and Chronicle's listing of the cycles may or may not
     * count it yet. Chronicle would wait on such a file and then refuse the journal as damaged; it holds no record, so
     * the writer's open sets it aside and goes on.
     */
    @ParameterizedTest(name = "header word {0}, counted in Chronicle's listing: {1}")
    @CsvSource({"0, false", "-2147483648, false", "0, true", "-2147483648, true"})
    void shouldSetAsideACycleFileWhoseCreationWasCutShort(final int headerWord, final boolean listed) throws Exception
    {
        final Path todays = yesterdaysRecordsAndTodaysFileCutShort(headerWord, listed);

        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(4, journal.nextSequence());
            assertEquals(0, journal.discardedTailRecords());
            assertEquals(4, journal.append(9, 9, payload("after"), 0, 5));
        }
        assertTrue(Files.exists(todays.resolveSibling(todays.getFileName() + ".unfinished")), "set aside");
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(1L, 2L, 3L, 4L), RecordingHandler.readAll(reader).sequences());
        }
    }

    /**
     * Three records written yesterday; today's cycle file made by a writer killed before it wrote Chronicle's header.
     *
     * @return today's file.
     */
    private Path yesterdaysRecordsAndTodaysFileCutShort(final int headerWord, final boolean listed) throws Exception
    {
        // Yesterday's records; the writer was killed as it made today's file, and today it starts again.
        final LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (SingleChronicleQueue queue = JournalQueues.open(dir, new SetTimeProvider(startOf(today.minusDays(1)))))
        {
            for (long sequence = 1; sequence <= 3; sequence++)
            {
                RawRecords.append(queue, sequence, payload("yesterday"));
            }
        }
        final Path yesterdays = JournalFiles.onlyCycleFile(dir);
        final Path todays = dir.resolve(today.format(DateTimeFormatter.BASIC_ISO_DATE) + "F.cq4");
        if (listed)
        {
            // Chronicle makes the file and counts it (and ends yesterday's with its end-of-file mark).
            try (SingleChronicleQueue queue = JournalQueues.open(dir, new SetTimeProvider(startOf(today))))
            {
                RawRecords.append(queue, 4, payload("never"));
            }
        }
        else
        {
            Files.copy(yesterdays, todays);
        }
        // Of what was written there, only the header's word is left.
        try (FileChannel channel = FileChannel.open(todays, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN).putInt(0, headerWord), 0);
        }
        return todays;
    }

    /** A tool reading a killed writer's journal is told at once what the file is, and nothing changes. */
    @Test
    void shouldTellAReaderOfACycleFileWhoseCreationWasCutShortWhatItIs() throws Exception
    {
        final Path todays = yesterdaysRecordsAndTodaysFileCutShort(0x8000_0000, true);
        final JournalDamagedException refused = assertThrows(JournalDamagedException.class, () -> JournalInfo.read(dir));
        assertTrue(refused.getMessage().contains("holds no record") &&
            refused.getMessage().contains("Start the engine"), refused.getMessage());
        assertTrue(Files.exists(todays), "a reader changes nothing");
    }

    private static Instant startOf(final LocalDate day)
    {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Test
    void shouldDiscardShortLastRecordOnOpen()
    {
        writeMarked(2);
        try (SingleChronicleQueue queue = JournalQueues.open(dir, SystemTimeProvider.INSTANCE);
            ExcerptAppender appender = queue.createAppender();
            DocumentContext dc = appender.writingDocument())
        {
            // A document Chronicle considers complete but holding only part of a record header.
            dc.wire().bytes().writeShort(JournalRecordDescriptor.CURRENT_VERSION).writeLong(3L).writeInt(0);
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(1, journal.discardedTailRecords());
            assertEquals(3, journal.nextSequence());
        }
    }

    @Test
    void shouldStopWithCorruptionErrorWhenMiddleRecordIsDamaged() throws Exception
    {
        writeMarked(5);
        JournalFiles.flipPayloadByte(JournalFiles.onlyCycleFile(dir), 2);

        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingHandler handler = new RecordingHandler();
            final JournalCorruptedException error =
                assertThrows(JournalCorruptedException.class, () -> RecordingHandler.readAll(reader, handler));
            assertEquals(2, error.sequence());
            assertTrue(error.getMessage().contains("sequence 2"), error.getMessage());
            assertEquals(List.of(1L), handler.sequences());
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(0, journal.discardedTailRecords());
            assertEquals(6, journal.nextSequence());
        }
    }

    @Test
    void shouldStopWithCorruptionErrorOnSequenceGap()
    {
        writeMarked(2);
        try (SingleChronicleQueue queue = JournalQueues.open(dir, SystemTimeProvider.INSTANCE))
        {
            RawRecords.append(queue, 5, payload("jump"));
            RawRecords.append(queue, 6, payload("jump"));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingHandler handler = new RecordingHandler();
            final JournalCorruptedException error =
                assertThrows(JournalCorruptedException.class, () -> RecordingHandler.readAll(reader, handler));
            assertEquals(3, error.sequence());
            assertEquals(List.of(1L, 2L), handler.sequences());
        }
    }

    @Test
    void shouldRejectRecordOfNewerFormatVersion() throws Exception
    {
        writeMarked(3);
        JournalFiles.rewriteVersion(JournalFiles.onlyCycleFile(dir), 2, (short)7);

        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingHandler handler = new RecordingHandler();
            final UnsupportedJournalVersionException error =
                assertThrows(UnsupportedJournalVersionException.class, () -> RecordingHandler.readAll(reader, handler));
            assertEquals(7, error.version());
            assertTrue(error.getMessage().contains("version 7"), error.getMessage());
            assertEquals(List.of(1L), handler.sequences());
        }
    }

    @Test
    void shouldDiscardTheDamagedRestOfTheLastDocumentAndContinueInANewOne() throws Exception
    {
        writeMarked(5);
        final java.nio.file.Path cycleFile = JournalFiles.onlyCycleFile(dir);
        // Records 3 to 5 never reached the disk: their bytes read as zeros, so no boundary after record 2 is known.
        JournalFiles.zeroFromRecord(cycleFile, 3, 3 * JournalRecordDescriptor.recordLength(JournalFiles.marker(3).length()));

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(1L, 2L), RecordingHandler.readAll(reader).sequences());
            assertEquals(2, reader.lastSequence());
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(1, journal.discardedTailRecords());
            JournalFiles.appendMarked(journal, 2);
        }
        assertEquals(2, JournalFiles.documentCount(dir));
        try (JournalReader reader = JournalReader.open(dir))
        {
            final RecordingHandler handler = RecordingHandler.readAll(reader);
            assertEquals(List.of(1L, 2L, 3L, 4L), handler.sequences());
            assertEquals(JournalFiles.marker(3), handler.seen.get(2).payload());
            assertEquals(1, reader.skippedTornRecords());
            assertTrue(reader.seek(4));
            assertEquals(List.of(4L), RecordingHandler.readAll(reader).sequences());
        }
        assertEquals(4, JournalInfo.read(dir).recordCount());
    }

    @Test
    void shouldDiscardTornLastRecordOfAMultiRecordDocumentAndKeepTheOnesBefore() throws Exception
    {
        writeMarked(4);
        JournalFiles.flipPayloadByte(JournalFiles.onlyCycleFile(dir), 4);

        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(1, journal.discardedTailRecords());
            assertEquals(4, journal.nextSequence());
        }
    }

    @Test
    void shouldSeekAnywhereAfterATornDocumentWasLeftBehindInTheMiddle() throws Exception
    {
        // Documents 1..10, 11..20 and 21..30; the last one's pages never reached the disk (they read as zeros).
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            for (int document = 0; document < 3; document++)
            {
                JournalFiles.appendMarked(journal, 10);
                journal.flush();
            }
        }
        JournalFiles.zeroFromRecord(JournalFiles.onlyCycleFile(dir), 21,
            10 * JournalRecordDescriptor.recordLength(JournalFiles.marker(21).length()));
        // The writer continues after it: the torn document stays in the file, between 20 and the new 21.
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(1, journal.discardedTailRecords());
            for (int document = 0; document < 2; document++)
            {
                JournalFiles.appendMarked(journal, 10);
                journal.flush();
            }
        }
        for (long sequence = 1; sequence <= 41; sequence++)
        {
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertTrue(reader.seek(sequence), "seek " + sequence);
                final List<Long> read = RecordingHandler.readAll(reader).sequences();
                assertEquals(41 - sequence, read.size(), "from " + sequence);
                if (sequence <= 40)
                {
                    assertEquals(sequence, read.get(0).longValue());
                }
            }
            try (JournalReader reader = JournalReader.open(dir))
            {
                // appendMarked stamps record n with 1_000 + n.
                assertEquals(sequence, reader.seekToTimestamp(1_000 + sequence), "timestamp of " + sequence);
            }
        }
    }

    private void writeMarked(final int count)
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            JournalFiles.appendMarked(journal, count);
        }
    }
}
