package dev.exengine.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Touches the pages of the current cycle file ahead of the journal's writer, on a thread of its own, so that the
 * writer (the engine thread) writes into pages that are already in memory, mapped and writable, and into a mapping
 * of the file that already exists. Without it the writer takes a page fault on the first write to every 4 KiB page
 * (on ext4 the fault reserves the page's block and updates the file's times, and may wait for the file system's
 * journal) and, every {@code blockSize} bytes, maps the next part of the file and grows the file, all on the engine
 * thread.
 *
 * <p>It touches through Chronicle's own mapping of the file (the queue shares one {@link MappedFile} per cycle file
 * between its appenders and stores), so the pages are mapped at the addresses the writer writes to. A touch is an
 * atomic compare-and-set of a long from 0 to 0 at the start of the page: it changes no byte, so a page the writer
 * has already written keeps its contents and the file stays byte for byte what it would be without this (at most
 * one mapping longer when the writer is close to the end of one, which Chronicle itself would grow it to next).
 *
 * <p>The engine thread neither waits for nor calls into it: this thread reads the writer's position from the cycle
 * file's header, as any reader does, and keeps {@code ahead} bytes touched beyond it, looking every {@code interval}.
 * Started by {@link CommandJournal#pretouch}, stopped and joined by {@link CommandJournal#close} before the queue
 * closes.
 */
final class JournalPretoucher implements AutoCloseable
{
    /** What every engine and gateway thread is called by (the test support checks that none outlives its test). */
    static final String THREAD_NAME = "exengine-journal-pretouch";
    private static final long PAGE_SIZE = 4096;
    private static final long STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final SingleChronicleQueue queue;
    private final long ahead;
    private final long intervalNanos;
    private final ReferenceOwner owner = ReferenceOwner.temporary("journal-pretouch");
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long touchedPages;
    private SingleChronicleQueueStore store;
    private int storeCycle = Integer.MIN_VALUE;
    /** The position up to which the current cycle file is touched. */
    private long touchedUpTo;

    private JournalPretoucher(final SingleChronicleQueue queue, final long ahead, final long intervalNanos)
    {
        this.queue = queue;
        this.ahead = ahead;
        this.intervalNanos = intervalNanos;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /**
     * Starts touching {@code ahead} bytes beyond the writer's position, looking every {@code intervalNanos}.
     */
    static JournalPretoucher start(final SingleChronicleQueue queue, final long ahead, final long intervalNanos)
    {
        if (ahead < PAGE_SIZE)
        {
            throw new IllegalArgumentException("pre-touch distance " + ahead + " is less than a page (" + PAGE_SIZE +
                " bytes)");
        }
        if (intervalNanos <= 0)
        {
            throw new IllegalArgumentException("pre-touch interval must be positive: " + intervalNanos + " ns");
        }
        final JournalPretoucher pretoucher = new JournalPretoucher(queue, ahead, intervalNanos);
        pretoucher.thread.start();
        return pretoucher;
    }

    /** How many pages it has touched so far, for tests and metrics. */
    long touchedPages()
    {
        return touchedPages;
    }

    /** Stops the thread and waits for it, so that nothing touches the queue after this returns. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        try
        {
            while (thread.isAlive())
            {
                try
                {
                    thread.join(STOP_WAIT_MILLIS);
                    if (thread.isAlive())
                    {
                        throw new IllegalStateException(THREAD_NAME + " did not stop within " + STOP_WAIT_MILLIS +
                            " ms");
                    }
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run()
    {
        try
        {
            while (running)
            {
                touchAhead();
                LockSupport.parkNanos(this, intervalNanos);
            }
        }
        catch (final Throwable ex)
        {
            // Not the journal's failure: the writer goes on and takes its own page faults, as without this thread.
            System.getLogger(JournalPretoucher.class.getName()).log(System.Logger.Level.WARNING,
                "journal pre-touch stopped; the engine thread takes the page faults of the journal from now on", ex);
        }
        finally
        {
            releaseStore();
        }
    }

    /** One look: follows the writer to its current cycle file and touches up to {@code ahead} beyond its position. */
    private void touchAhead()
    {
        final int cycle = queue.lastCycle();
        if (cycle == Integer.MIN_VALUE || (cycle != storeCycle && !followCycle(cycle)))
        {
            return;
        }
        final long writePosition = store.writePosition();
        final long target = writePosition + ahead;
        long page = Math.max(touchedUpTo, writePosition & -PAGE_SIZE);
        if (page >= target)
        {
            return;
        }
        final MappedFile file = store.bytes().mappedFile();
        final long chunkSize = file.chunkSize();
        MappedBytesStore chunk = null;
        long chunkIndex = -1;
        long pages = 0;
        try
        {
            while (page < target && running)
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
            throw new UncheckedIOException("cannot map journal file " + store.file() + " at " + page, ex);
        }
        finally
        {
            if (chunk != null)
            {
                chunk.release(owner);
            }
        }
        touchedUpTo = page;
        touchedPages += pages;
    }

    private boolean followCycle(final int cycle)
    {
        final SingleChronicleQueueStore next = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (next == null)
        {
            return false;
        }
        releaseStore();
        store = next;
        storeCycle = cycle;
        touchedUpTo = 0;
        return true;
    }

    private void releaseStore()
    {
        if (store != null)
        {
            queue.closeStore(store);
            store = null;
            storeCycle = Integer.MIN_VALUE;
        }
    }
}
