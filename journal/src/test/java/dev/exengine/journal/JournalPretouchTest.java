package dev.exengine.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

class JournalPretouchTest
{
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long AHEAD = 256 * 1024;
    private static final long INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int RECORDS = 30_000;

    @TempDir
    Path dir;

    @Test
    void shouldStopItsThreadWhenTheJournalCloses()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            journal.pretouch(AHEAD, INTERVAL_NANOS);
            assertTrue(pretouchThreadAlive());
            JournalFiles.appendMarked(journal, 1);
            journal.flush();
            pollUntil(() -> journal.pretouchedPages() >= AHEAD / JournalFiles.PAGE);
        }
        assertFalse(pretouchThreadAlive());
    }

    @Test
    void shouldWaitForTheWriterCycleFileBeforeTouching()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            journal.pretouch(AHEAD, INTERVAL_NANOS);
            assertEquals(0, journal.pretouchedPages());
            assertTrue(JournalInfo.cycleFiles(dir).isEmpty());
        }
        assertFalse(pretouchThreadAlive());
    }

    @Test
    void shouldWriteTheSameBytesAsAJournalWithoutIt() throws IOException
    {
        final Path plain = dir.resolve("plain");
        final Path touched = dir.resolve("touched");
        write(plain, false);
        write(touched, true);

        final byte[] plainBytes = Files.readAllBytes(JournalFiles.onlyCycleFile(plain));
        final byte[] touchedBytes = Files.readAllBytes(JournalFiles.onlyCycleFile(touched));
        assertEquals(plainBytes.length, touchedBytes.length);
        assertArrayEquals(plainBytes, touchedBytes);
        try (JournalReader plainReader = JournalReader.open(plain); JournalReader touchedReader = JournalReader.open(
            touched))
        {
            final RecordingHandler plainRecords = RecordingHandler.readAll(plainReader);
            assertEquals(RECORDS, plainRecords.seen.size());
            assertEquals(plainRecords.seen, RecordingHandler.readAll(touchedReader).seen);
        }
    }

    @Test
    void shouldFollowTheWriterIntoItsNextCycleFile()
    {
        final SetTimeProvider clock = new SetTimeProvider(0).advanceMillis(DAY_MILLIS * 20_000);
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS, clock))
        {
            journal.pretouch(AHEAD, INTERVAL_NANOS);
            JournalFiles.appendMarked(journal, 10);
            journal.flush();
            pollUntil(() -> journal.pretouchedPages() >= AHEAD / JournalFiles.PAGE);
            final long firstCycle = journal.pretouchedPages();
            clock.advanceMillis(DAY_MILLIS);
            JournalFiles.appendMarked(journal, 10);
            journal.flush();
            pollUntil(() -> journal.pretouchedPages() >= firstCycle + AHEAD / JournalFiles.PAGE);
        }
        assertEquals(2, JournalInfo.cycleFiles(dir).size());
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(20, RecordingHandler.readAll(reader).seen.size());
        }
    }

    @Test
    void shouldRefuseADistanceBelowAPageAndANonPositiveInterval()
    {
        try (CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS))
        {
            assertThrows(IllegalArgumentException.class, () -> journal.pretouch(JournalFiles.PAGE - 1, INTERVAL_NANOS));
            assertThrows(IllegalArgumentException.class, () -> journal.pretouch(AHEAD, 0));
            assertFalse(pretouchThreadAlive());
            journal.pretouch(AHEAD, INTERVAL_NANOS);
        }
        assertFalse(pretouchThreadAlive());
    }

    @Test
    void shouldRefuseASecondPretouchAndOneAfterClose()
    {
        final CommandJournal journal = CommandJournal.open(dir, DurabilityMode.PROCESS);
        try (journal)
        {
            journal.pretouch(AHEAD, INTERVAL_NANOS);
            assertThrows(IllegalStateException.class, () -> journal.pretouch(AHEAD, INTERVAL_NANOS));
        }
        assertThrows(IllegalStateException.class, () -> journal.pretouch(AHEAD, INTERVAL_NANOS));
        assertFalse(pretouchThreadAlive());
    }

    /** The same records, committed in the same batches, with the same clock; pre-touched while it writes or not. */
    private static void write(final Path directory, final boolean pretouch)
    {
        final SetTimeProvider clock = new SetTimeProvider(0).advanceMillis(DAY_MILLIS * 20_000);
        try (CommandJournal journal = CommandJournal.open(directory, DurabilityMode.PROCESS, clock))
        {
            JournalFiles.appendMarked(journal, 1);
            journal.flush();
            if (pretouch)
            {
                journal.pretouch(AHEAD, INTERVAL_NANOS);
                // The pages the writer is about to write are touched before it writes them.
                pollUntil(() -> journal.pretouchedPages() >= AHEAD / JournalFiles.PAGE);
            }
            for (int i = 1; i < RECORDS; i += 100)
            {
                JournalFiles.appendMarked(journal, Math.min(100, RECORDS - i));
                journal.flush();
            }
            assertEquals(RECORDS + 1, journal.nextSequence());
        }
    }

    private static boolean pretouchThreadAlive()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals(CommandJournal.PRETOUCH_THREAD_NAME) && thread.isAlive());
    }

    private static void pollUntil(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("condition not met within 60 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
