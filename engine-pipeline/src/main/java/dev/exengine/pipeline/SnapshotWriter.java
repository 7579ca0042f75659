package dev.exengine.pipeline;

import com.lmax.disruptor.Sequence;
import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.logging.AuditEvent;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes snapshots to disk on its own thread so that the logic thread only pays for copying the state into a
 * buffer. One snapshot in flight at a time: the logic thread takes the buffer with {@link #tryAcquire()}, fills it
 * and hands it back with {@link #submit}; this thread hashes the bytes ({@link BusinessLogicProcessor#stateHashOf}),
 * so the logic thread serialises the state once. A snapshot is written only once the journal is durable up to the command
 * it covers, so a snapshot never holds a command that the journal could lose.
 *
 * <p>Each snapshot written is a line of the audit log ({@code snapshot}: its sequence, state hash, size and how long
 * the write took), written here, never on the logic thread.
 *
 * <p>A snapshot that comes due while the writer is busy is not dropped: the logic keeps it due and tries again after
 * each command, and the writer, once free, wakes the logic ({@code wakeLogic}) so that an engine with no commands
 * coming takes it too.
 *
 * <p>Snapshots are rare, so the writer's thread sleeps until one is handed over (it is woken by {@link #submit}) and
 * takes no CPU from the engine's threads in between, whatever their wait profile: on a machine with two cores a
 * third thread that keeps waking up costs the pipeline milliseconds of scheduling delay. It counts the snapshots it
 * writes, and times them ({@link EngineMetrics}: their one writer).
 */
final class SnapshotWriter implements AutoCloseable
{
    /** How often the writer rechecks while it waits for the journal, and a caller while it waits for the writer. */
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final SnapshotStore store;
    private final int snapshotsToKeep;
    private final Sequence durableSequence;
    private final Failures failures;
    private final EngineMetrics metrics;
    private final AuditEvent written;
    private final Runnable wakeLogic;
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 20);
    private final AtomicBoolean busy = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean pending;
    /** The logic found the writer busy: wake it once free. */
    private volatile boolean wanted;
    private long inputSequence;
    private long journalSequence;
    private int length;
    private volatile long writtenCount;

    SnapshotWriter(
        final SnapshotStore store,
        final int snapshotsToKeep,
        final Sequence durableSequence,
        final Failures failures,
        final EngineMetrics metrics,
        final AuditEvent written,
        final Runnable wakeLogic)
    {
        this.store = store;
        this.snapshotsToKeep = snapshotsToKeep;
        this.durableSequence = durableSequence;
        this.failures = failures;
        this.metrics = metrics;
        this.written = written;
        this.wakeLogic = wakeLogic;
        this.thread = new Thread(this::run, "exengine-snapshot");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * @return the buffer to serialise the state into, or null while the previous snapshot is still being written:
     * the logic is then woken ({@code wakeLogic}) once the writer is free, to try again.
     */
    ExpandableDirectByteBuffer tryAcquire()
    {
        if (busy.compareAndSet(false, true))
        {
            return buffer;
        }
        wanted = true;
        // Freed between the two looks, the writer may have missed the wish: take the buffer now (both are volatile,
        // so one of the two sees the other). A wish left behind costs one empty wake-up later.
        return busy.compareAndSet(false, true) ? buffer : null;
    }

    /**
     * Hands back the buffer acquired with {@link #tryAcquire()} for writing.
     */
    void submit(final long inputSequence, final long journalSequence, final int length)
    {
        this.inputSequence = inputSequence;
        this.journalSequence = journalSequence;
        this.length = length;
        pending = true;
        LockSupport.unpark(thread);
    }

    /**
     * @return how many snapshots this writer has put on disk.
     */
    long written()
    {
        return writtenCount;
    }

    /**
     * Waits until no snapshot is in flight.
     */
    void awaitIdle()
    {
        while (busy.get() && thread.isAlive())
        {
            LockSupport.parkNanos(this, POLL_NANOS);
        }
    }

    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void run()
    {
        while (running || pending)
        {
            if (!pending)
            {
                LockSupport.park(this);
                continue;
            }
            while (durableSequence.get() < inputSequence && running)
            {
                LockSupport.parkNanos(this, POLL_NANOS);
            }
            final boolean wrote = durableSequence.get() >= inputSequence && write();
            pending = false;
            busy.set(false);
            if (wrote)
            {
                // Counted once the buffer is free again: whoever sees the count may ask for the next snapshot and have
                // it taken at once.
                writtenCount++;
            }
            if (wanted)
            {
                wanted = false;
                wakeLogic.run();
            }
        }
    }

    /** @return whether the snapshot was written. */
    private boolean write()
    {
        final long start = System.nanoTime();
        try
        {
            final ByteBuffer body = buffer.byteBuffer().duplicate();
            body.limit(length).position(0);
            final long hash = BusinessLogicProcessor.stateHashOf(buffer, 0, length);
            store.write(journalSequence, hash, body);
            metrics.snapshotWrite.setOpaque(System.nanoTime() - start);
            metrics.snapshotSequence.setOpaque(journalSequence);
            metrics.snapshotTime.setOpaque(System.currentTimeMillis());
            metrics.snapshots.incrementOpaque();
            store.retain(snapshotsToKeep);
            final long end = System.nanoTime();
            if (written.admit(end / 1_000_000))
            {
                written.log("snapshot written", "sequence", journalSequence, "state_hash", String.format("%016x", hash),
                    "bytes", (long)length, "millis", (end - start) / 1_000_000);
            }
            return true;
        }
        catch (final RuntimeException ex)
        {
            metrics.snapshotFailures.incrementOpaque();
            failures.onFailure("snapshot at journal sequence " + journalSequence + " not written", ex);
            return false;
        }
    }
}
