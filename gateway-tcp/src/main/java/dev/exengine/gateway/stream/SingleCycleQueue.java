package dev.exengine.gateway.stream;

import dev.exengine.storage.UnfinishedCycleFiles;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.nio.file.Path;

/**
 * A Chronicle queue pinned to one cycle, so that its documents are numbered contiguously and document n is at index
 * {@code toIndex(CYCLE, n)}: a user's stream ({@link OutboundStore}) and the stored market-data feed. Its one cycle file
 * is {@code 19700101F.cq4} (cycle 0 of a daily roll with epoch 0; see {@link OutboundStore} for why the date means
 * nothing) and holds {@link RollCycle#maxMessagesPerCycle()} (2^32) documents.
 */
public final class SingleCycleQueue
{
    public static final RollCycle ROLL_CYCLE = RollCycles.FAST_DAILY;
    public static final int CYCLE = 0;

    private SingleCycleQueue()
    {
    }

    /**
     * Opens or creates the queue for its one writer. A cycle file that a writer killed as it created it left without
     * Chronicle's header holds nothing, but Chronicle would wait on it at every open and read, and then fail: it is set
     * aside first ({@link UnfinishedCycleFiles}).
     */
    public static SingleChronicleQueue openForWriting(final Path directory)
    {
        final boolean setAside = !UnfinishedCycleFiles.setAside(directory).isEmpty();
        final SingleChronicleQueue queue = builder(directory).build();
        if (setAside)
        {
            try
            {
                // Chronicle's listing of the cycles still counted the file set aside.
                queue.refreshDirectoryListing();
            }
            catch (final RuntimeException ex)
            {
                queue.close();
                throw ex;
            }
        }
        return queue;
    }

    /** Opens the queue without changing anything on disk, also while its writer appends to it. */
    public static SingleChronicleQueue openForReading(final Path directory)
    {
        return builder(directory).readOnly(true).build();
    }

    private static SingleChronicleQueueBuilder builder(final Path directory)
    {
        return SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(ROLL_CYCLE)
            .epoch(0)
            .timeProvider(new SetTimeProvider(0));
    }
}
