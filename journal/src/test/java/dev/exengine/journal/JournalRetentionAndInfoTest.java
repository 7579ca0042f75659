package dev.exengine.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class JournalRetentionAndInfoTest
{
    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(0).advanceMillis(DAY_MILLIS * 20_000);

    /** Three cycle files holding sequences 1-10, 11-20 and 21-30. */
    private List<JournalInfo.CycleFile> writeThreeCycles()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.FSYNC, clock))
        {
            for (int cycle = 0; cycle < 3; cycle++)
            {
                JournalFiles.appendMarked(journal, 10);
                journal.flush();
                clock.advanceMillis(DAY_MILLIS);
            }
        }
        final List<JournalInfo.CycleFile> files = JournalInfo.cycleFiles(dir);
        assertEquals(3, files.size());
        return files;
    }

    @Test
    void shouldListOnlyCycleFilesWhoseRecordsAllPrecedeSnapshot()
    {
        final List<JournalInfo.CycleFile> files = writeThreeCycles();
        assertEquals(List.of(), JournalRetention.eligibleCycleFiles(dir, 10));
        assertEquals(List.of(files.get(0).path()), JournalRetention.eligibleCycleFiles(dir, 11));
        assertEquals(List.of(files.get(0).path()), JournalRetention.eligibleCycleFiles(dir, 20));
        assertEquals(List.of(files.get(0).path(), files.get(1).path()), JournalRetention.eligibleCycleFiles(dir, 21));
        assertEquals(List.of(files.get(0).path(), files.get(1).path()), JournalRetention.eligibleCycleFiles(dir, 1_000));
    }

    @Test
    void shouldDeleteEligibleCycleFilesAndKeepTheRestReadable()
    {
        final List<JournalInfo.CycleFile> files = writeThreeCycles();
        assertEquals(List.of(files.get(0).path()), JournalRetention.delete(dir, 15));
        assertFalse(Files.exists(files.get(0).path()));

        final JournalInfo info = JournalInfo.read(dir);
        assertEquals(11, info.firstSequence());
        assertEquals(30, info.lastSequence());
        try (JournalReader reader = JournalReader.open(dir, clock))
        {
            assertTrue(reader.seek(15));
            assertEquals(16, RecordingHandler.readAll(reader).seen.size());
        }
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            assertEquals(31, journal.nextSequence());
        }
    }

    @Test
    void shouldMoveEligibleCycleFilesIntoArchive(@TempDir final Path archiveRoot)
    {
        final List<JournalInfo.CycleFile> files = writeThreeCycles();
        final Path archive = archiveRoot.resolve("archive");
        final List<Path> moved = JournalRetention.archive(dir, 25, archive);
        assertEquals(List.of(
            archive.resolve(files.get(0).path().getFileName()),
            archive.resolve(files.get(1).path().getFileName())), moved);
        assertTrue(Files.exists(moved.get(0)));
        assertFalse(Files.exists(files.get(1).path()));
        assertEquals(21, JournalInfo.read(dir).firstSequence());
    }

    @Test
    void shouldDescribeJournal()
    {
        final List<JournalInfo.CycleFile> files = writeThreeCycles();
        final JournalInfo info = JournalInfo.read(dir);
        assertEquals(1, info.firstSequence());
        assertEquals(30, info.lastSequence());
        assertEquals(1_001, info.firstTimestamp());
        assertEquals(1_030, info.lastTimestamp());
        assertEquals(30, info.recordCount());
        assertEquals(files, info.cycleFiles());
        assertTrue(info.cycleFiles().get(0).size() > 0);
        assertEquals(Optional.of(DurabilityMode.FSYNC), info.lastDurabilityMode());
    }

    @Test
    void shouldDescribeMissingJournalAsEmpty()
    {
        final JournalInfo info = JournalInfo.read(dir.resolve("none"));
        assertEquals(0, info.recordCount());
        assertEquals(0, info.lastSequence());
        assertEquals(List.of(), info.cycleFiles());
        assertEquals(Optional.empty(), info.lastDurabilityMode());
    }
}
