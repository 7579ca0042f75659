package dev.exengine.storage;

import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * Keeps the pages of one Chronicle queue's current cycle file touched ahead of its writer, so that the writer writes
 * into pages that are already in memory, mapped and writable, and into a mapping of the file that already exists.
 * Without it the writer takes a page fault on the first write to every 4 KiB page (on ext4 the fault reserves the
 * page's block and updates the file's times, and may wait for the file system's journal) and, every chunk of the
 * file, maps the next part and grows the file, all on the writer's thread. A {@link PretouchThread} calls
 * {@link #touchAhead} for it.
 *
 * <p>It touches through Chronicle's own mapping of the file (the queue shares one {@link MappedFile} per cycle file
 * between its appenders and stores), so the pages are mapped at the addresses the writer writes to. A touch is an
 * atomic compare-and-set of a long from 0 to 0 at the start of the page: it changes no byte, so a page the writer has
 * already written keeps its contents and the file stays byte for byte what it would be without this (at most one
 * chunk longer when the writer is close to the end of one, which Chronicle itself would grow it to next).
 *
 * <p>The writer neither waits for nor calls into it: it reads the writer's position from the cycle file's header, as
 * any reader does, and follows the writer into its next cycle file. Not thread-safe: one pre-touch thread uses it,
 * and {@link #release} it before the queue closes.
 */
public final class QueuePretouch
{
    public static final long PAGE_SIZE = 4096;

    private final SingleChronicleQueue queue;
    private final long ahead;
    private final ReferenceOwner owner = ReferenceOwner.temporary("queue-pretouch");
    private SingleChronicleQueueStore store;
    /** The store's file, valid while the store is held. */
    private MappedFile file;
    private int storeCycle = Integer.MIN_VALUE;
    /** The position up to which the current cycle file is touched. */
    private long touchedUpTo;

    /**
     * @param ahead how far beyond the writer's position to keep the file touched, in bytes: at least a page.
     */
    public QueuePretouch(final SingleChronicleQueue queue, final long ahead)
    {
        if (ahead < PAGE_SIZE)
        {
            throw new IllegalArgumentException("pre-touch distance " + ahead + " is less than a page (" + PAGE_SIZE +
                " bytes)");
        }
        this.queue = queue;
        this.ahead = ahead;
    }

    /**
     * One look: follows the writer to its current cycle file and touches up to {@code ahead} bytes beyond its position.
     * Nothing before the writer's first cycle file exists.
     *
     * @param running read before every page; the look ends early when it turns false.
     * @return how many pages it touched.
     */
    public long touchAhead(final BooleanSupplier running)
    {
        final int cycle = queue.lastCycle();
        if (cycle == Integer.MIN_VALUE || (cycle != storeCycle && !followCycle(cycle)))
        {
            return 0;
        }
        final long writePosition = store.writePosition();
        final long target = writePosition + ahead;
        long page = Math.max(touchedUpTo, writePosition & -PAGE_SIZE);
        if (page >= target)
        {
            return 0;
        }
        final long chunkSize = file.chunkSize();
        MappedBytesStore chunk = null;
        long chunkIndex = -1;
        long pages = 0;
        try
        {
            while (page < target && running.getAsBoolean())
            {
                // The mapping Chronicle gives the writer for this position: the one of the chunk the position is in.
                if (page / chunkSize != chunkIndex)
                {
                    if (chunk != null)
                    {
                        chunk.release(owner);
                        chunk = null;
                    }
                    chunk = file.acquireByteStore(owner, page);
                    chunkIndex = page / chunkSize;
                }
                // 0 to 0: no byte changes, but the page is now present and writable in the writer's mapping.
                chunk.compareAndSwapLong(page, 0L, 0L);
                page += PAGE_SIZE;
                pages++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map " + store.file() + " at " + page, ex);
        }
        finally
        {
            if (chunk != null)
            {
                chunk.release(owner);
            }
        }
        touchedUpTo = page;
        return pages;
    }

    /** Lets go of the cycle file it holds; the next {@link #touchAhead} takes the writer's again. */
    public void release()
    {
        if (store != null)
        {
            queue.closeStore(store);
            store = null;
            file = null;
            storeCycle = Integer.MIN_VALUE;
        }
    }

    private boolean followCycle(final int cycle)
    {
        final SingleChronicleQueueStore next = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (next == null)
        {
            return false;
        }
        release();
        store = next;
        // A store's bytes() is a new view that reserves the file: once, let go at once, or the file would never be
        // released (and its reservations would grow at every look).
        final MappedBytes view = next.bytes();
        try
        {
            file = view.mappedFile();
        }
        finally
        {
            view.releaseLast();
        }
        storeCycle = cycle;
        touchedUpTo = 0;
        return true;
    }
}
