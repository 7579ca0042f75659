package dev.exengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a crash, a power loss or a disk can leave of a cycle file, beyond a torn last record (JournalRecoveryTest):
 * the writer either continues right after the last intact record, where every reader finds what it appends, or
 * refuses to open, naming the file, before it changes anything.
 */
class DamagedJournalTest
{
    /** One record per document, as an engine that is not under load journals them; about 14 per 4 KiB page. */
    private static final int RECORDS = 200;

    @TempDir
    Path dir;

    @Test
    void shouldRefuseACycleFileTruncatedInsideARecordAndLeaveItAsItWas() throws Exception
    {
        writeOnePerDocument(RECORDS);
        final Path cycleFile = JournalFiles.onlyCycleFile(dir);
        JournalFiles.truncateInsideRecord(cycleFile, RECORDS - 10);
        final String before = JournalFiles.contentHash(dir);

        final JournalDamagedException refused = assertThrows(JournalDamagedException.class,
            () -> CommandJournal.open(dir, DurabilityMode.PROCESS).close());
        assertEquals(cycleFile, refused.file());
        assertTrue(refused.getMessage().contains("truncated"), refused.getMessage());
        assertEquals(before, JournalFiles.contentHash(dir), "nothing changed, the cut file included");
        final JournalDamagedException described = assertThrows(JournalDamagedException.class, () -> JournalInfo.read(dir));
        assertEquals(refused.getMessage(), described.getMessage());
        assertEquals(before, JournalFiles.contentHash(dir));

        // What the message offers instead of a restore: the file at its size, the cut part as zeros.
        final Matcher size = Pattern.compile("truncate -s (\\d+) ").matcher(refused.getMessage());
        assertTrue(size.find(), refused.getMessage());
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(1), Long.parseLong(size.group(1)) - 1);
        }
        final long intact = readAll().size();
        assertEquals(RECORDS - 11, intact, "the records before the one cut");
        continueAfterDamage(intact);
    }

    @Test
    void shouldContinueRightAfterTheLastIntactRecordWhenTheTailPagesAreZeroed() throws Exception
    {
        writeOnePerDocument(RECORDS);
        JournalFiles.zeroLastPages(JournalFiles.onlyCycleFile(dir), 2);
        final long intact = readAll().size();
        assertTrue(intact > 0 && intact < RECORDS - 14, "two pages of records lost: " + intact);
        assertEquals(intact, JournalInfo.read(dir).lastSequence(), "the end every reader and the writer agree on");
        assertEquals(intact, JournalInfo.read(dir).recordCount());

        continueAfterDamage(intact);
    }

    @Test
    void shouldContinueRightAfterTheLastIntactRecordWhenOnlyTheLastDocumentIsZeroed() throws Exception
    {
        writeOnePerDocument(RECORDS);
        final Path cycleFile = JournalFiles.onlyCycleFile(dir);
        // The last document, its Chronicle header included, never reached the disk; the file's header, which says
        // where that document is, did.
        final long header = JournalFiles.recordOffset(cycleFile, RECORDS) - Integer.BYTES;
        JournalFiles.zero(cycleFile, header, Integer.BYTES +
            JournalRecordDescriptor.recordLength(JournalFiles.marker(RECORDS).length()));
        assertEquals(RECORDS - 1, readAll().size());

        continueAfterDamage(RECORDS - 1);
    }

    @Test
    void shouldRefuseAZeroedIndexPageNamingTheFileAndLeaveItAsItWas() throws Exception
    {
        writeOnePerDocument(RECORDS);
        final Path cycleFile = JournalFiles.onlyCycleFile(dir);
        JournalFiles.zeroIndexPage(cycleFile);
        final String before = JournalFiles.contentHash(dir);

        final JournalDamagedException refused = assertThrows(JournalDamagedException.class,
            () -> CommandJournal.open(dir, DurabilityMode.PROCESS).close());
        assertEquals(cycleFile, refused.file());
        assertTrue(refused.getMessage().contains("intact records lie beyond, the first with sequence 1 "),
            refused.getMessage());
        assertEquals(before, JournalFiles.contentHash(dir));
        final JournalDamagedException described = assertThrows(JournalDamagedException.class, () -> JournalInfo.read(dir));
        assertEquals(refused.getMessage(), described.getMessage());
        try (JournalReader reader = JournalReader.open(dir))
        {
            final JournalDamagedException seek = assertThrows(JournalDamagedException.class, () -> reader.seek(10));
            assertEquals(cycleFile, seek.file());
        }
    }

    /** The writer continues at {@code intact + 1}, where readers find its records, also after it reopens. */
    private void continueAfterDamage(final long intact)
    {
        final Path cycleFile = JournalFiles.onlyCycleFile(dir);
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(intact + 1, journal.nextSequence());
            assertEquals(intact, journal.discardedTail().orElseThrow().afterSequence());
            assertEquals(List.of(cycleFile.resolveSibling(cycleFile.getFileName() + ".damaged")),
                journal.setAsideFiles(), "the file as it was, kept for an operator");
            JournalFiles.appendMarked(journal, 3);
        }
        assertEquals(LongStream.rangeClosed(1, intact + 3).boxed().toList(), readAll());
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertEquals(intact + 4, journal.nextSequence());
            assertEquals(Optional.empty(), journal.discardedTail());
            JournalFiles.appendMarked(journal, 1);
        }
        assertEquals(LongStream.rangeClosed(1, intact + 4).boxed().toList(), readAll());
        assertEquals(intact + 4, JournalInfo.read(dir).lastSequence());
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertTrue(reader.seek(intact + 2));
            assertEquals(List.of(intact + 2, intact + 3, intact + 4), RecordingHandler.readAll(reader).sequences());
        }
    }

    private List<Long> readAll()
    {
        try (JournalReader reader = JournalReader.open(dir))
        {
            return RecordingHandler.readAll(reader).sequences();
        }
    }

    private void writeOnePerDocument(final int records)
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            for (int i = 0; i < records; i++)
            {
                JournalFiles.appendMarked(journal, 1);
                journal.flush();
            }
        }
        assertTrue(Files.exists(JournalFiles.onlyCycleFile(dir)));
    }
}
