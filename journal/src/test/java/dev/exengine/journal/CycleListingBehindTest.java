package dev.exengine.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A writer killed between creating a cycle file and recording it in Chronicle's directory listing (metadata.cq4t)
 * leaves a listing whose range of cycles ends before the newest file. Chronicle finds no cycle outside that range, and
 * a read-only queue never rescans the directory: the start read the newest file as damaged ("no such cycle file")
 * and refused it, as a standby killed with kill -9 under load once was, and then in CI.
 */
class CycleListingBehindTest
{
    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    @Test
    void shouldReadTheEndOfAJournalWhoseListingIsBehindItsNewestCycleFile() throws IOException
    {
        final SetTimeProvider clock = new SetTimeProvider(0).advanceMillis(DAY_MILLIS * 20_000);
        final Path listingBefore = dir.resolveSibling(dir.getFileName() + "-metadata.cq4t");
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            JournalFiles.appendMarked(journal, 10);
            journal.flush();
            Files.copy(dir.resolve("metadata.cq4t"), listingBefore, StandardCopyOption.REPLACE_EXISTING);
            clock.advanceMillis(DAY_MILLIS);
            JournalFiles.appendMarked(journal, 5);
            journal.flush();
        }
        // The listing as it was before the second day's file was made: the file is there, its record in the listing not.
        Files.copy(listingBefore, dir.resolve("metadata.cq4t"), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(listingBefore);
        assertEquals(2, JournalInfo.cycleFiles(dir).size());

        final JournalEnd end = JournalEnd.readLocked(dir);

        assertEquals(15, end.lastSequence());
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            assertEquals(16, journal.nextSequence(), "the writer goes on after the newest file's last record");
        }
    }
}
