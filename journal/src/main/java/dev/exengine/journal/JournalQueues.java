package dev.exengine.journal;

import net.openhft.chronicle.core.OS;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one place that decides how the journal's Chronicle queue is configured, so writer and readers agree. */
final class JournalQueues
{
    /** Chronicle's own file suffix for cycle files. */
    static final String CYCLE_FILE_SUFFIX = SingleChronicleQueue.SUFFIX;

    /**
     * Chronicle's default, fixed here: a cycle file grows in mappings of this size plus an overlap, which is what
     * {@link #minimumFileSize} relies on to tell a cut file from a whole one.
     */
    private static final long BLOCK_SIZE = 64L << 20;

    private JournalQueues()
    {
    }

    static SingleChronicleQueue open(final Path directory, final TimeProvider timeProvider)
    {
        // FAST_DAILY: one file a day, 2^32 records per cycle; existing queues keep the roll cycle they were made with.
        return open(directory, timeProvider, RollCycles.FAST_DAILY);
    }

    static SingleChronicleQueue open(final Path directory, final TimeProvider timeProvider, final RollCycle rollCycle)
    {
        return SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(rollCycle)
            .blockSize(BLOCK_SIZE)
            .timeProvider(timeProvider)
            .build();
    }

    /**
     * Opens an existing queue without changing anything on disk: a read-write open counts itself in Chronicle's
     * metadata file and grows a cut cycle file back to size. Its list of cycles is the metadata file's, not refreshed
     * from the directory, so a reader of it starts at a cycle file of its own listing ({@link #cycleOf}).
     */
    static SingleChronicleQueue openReadOnly(final Path directory)
    {
        return SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .blockSize(BLOCK_SIZE)
            .readOnly(true)
            .build();
    }

    /**
     * Has Chronicle's listing of the cycle files (in {@code metadata.cq4t}) count the files there are now: only with no
     * writer, as the next writer's open would. A read-only queue never rescans the directory.
     */
    static void refreshDirectoryListing(final Path directory)
    {
        try (SingleChronicleQueue writable = open(directory, SystemTimeProvider.INSTANCE))
        {
            writable.refreshDirectoryListing();
        }
    }

    /** The cycle a file of the queue holds, from its name; the journal's cycles are days. */
    static int cycleOf(final SingleChronicleQueue queue, final Path file)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final String name = file.getFileName().toString();
        final LocalDate day = LocalDate.parse(name.substring(0, name.length() - CYCLE_FILE_SUFFIX.length()),
            DateTimeFormatter.ofPattern(rollCycle.format()));
        final long millis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return (int)((millis - queue.epoch()) / rollCycle.lengthInMillis());
    }

    /**
     * The least size of a cycle file that Chronicle wrote a document into at {@code position}: mapping the part of the
     * file that holds a position extends the file to the end of that mapping first.
     */
    static long minimumFileSize(final SingleChronicleQueue queue, final long position)
    {
        final long chunk = OS.pageAlign(queue.blockSize());
        return (position / chunk + 1) * chunk + queue.overlapSize();
    }
}
