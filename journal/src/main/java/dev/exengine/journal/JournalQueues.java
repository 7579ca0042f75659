package dev.exengine.journal;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/** The one place that decides how the journal's Chronicle queue is configured, so writer and readers agree. */
final class JournalQueues
{
    /** Chronicle's own file suffix for cycle files. */
    static final String CYCLE_FILE_SUFFIX = SingleChronicleQueue.SUFFIX;

    private JournalQueues()
    {
    }

    static SingleChronicleQueue open(final Path directory, final TimeProvider timeProvider)
    {
        // FAST_DAILY: one file a day, 2^32 records per cycle; existing queues keep the roll cycle they were made with.
        return SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .timeProvider(timeProvider)
            .build();
    }
}
