package dev.exengine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.JournalRecordDescriptor;
import dev.exengine.pipeline.config.ProgressListener;

import java.util.concurrent.CountDownLatch;

/**
 * Input-ring consumer that appends every state-changing command to the journal and publishes how far the journal
 * is durable under the configured mode ({@link #durableSequence()}, in input-ring sequences). The journal commits
 * once per ring batch (group commit: one batch document, and in FSYNC mode one force), so the durable sequence
 * advances only at the end of a batch, in every mode: before the commit the records are neither visible nor durable.
 * It times each commit and force, and counts what it journals ({@link EngineMetrics}: their one writer).
 * Allocates nothing after warm-up.
 */
final class Journaller implements EventHandler<InputSlot>
{
    private final CommandJournal journal;
    private final Sequence durableSequence = new Sequence();
    /** The journal sequence through which the journal is durable; read by the replication layer. */
    private final Sequence durableJournalSequence = new Sequence();
    private final ProgressListener progress;
    private final CountDownLatch started;
    private final EngineMetrics metrics;
    private long lastTimestamp;
    private boolean failed;
    /** Records and bytes appended since the start, and in the batch being journaled; commits since the start. */
    private long records;
    private long bytes;
    private long batchRecords;
    private long commits;

    Journaller(
        final CommandJournal journal, final long lastTimestamp, final ProgressListener progress,
        final CountDownLatch started, final EngineMetrics metrics)
    {
        this.journal = journal;
        this.progress = progress;
        this.lastTimestamp = lastTimestamp;
        this.started = started;
        this.metrics = metrics;
        this.durableJournalSequence.set(journal.nextSequence() - 1);
        metrics.journalSequence.setOpaque(journal.nextSequence() - 1);
    }

    /**
     * @return the journal sequence up to which every record is in the journal under the configured mode.
     */
    Sequence durableJournalSequence()
    {
        return durableJournalSequence;
    }

    /** @return the journal sequence of the last record appended (its batch may not be committed yet). */
    long lastJournalSequence()
    {
        return journal.nextSequence() - 1;
    }

    /**
     * @return the input-ring sequence up to which every command is in the journal under the configured mode.
     */
    Sequence durableSequence()
    {
        return durableSequence;
    }

    /**
     * @return true once a write failed: nothing after it is journaled, and the engine halts.
     */
    boolean hasFailed()
    {
        return failed;
    }

    /** Tells the engine this consumer's thread runs, so that a drain at close cannot miss it. */
    @Override
    public void onStart()
    {
        started.countDown();
    }

    /** The calling thread journals from now on; the thread that did stopped, and a lock orders the two. */
    void handOverToCallingThread()
    {
        journal.handOverToCallingThread();
    }

    @Override
    public void onEvent(final InputSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (failed)
        {
            return;
        }
        try
        {
            journal(slot, sequence, endOfBatch);
        }
        catch (final RuntimeException ex)
        {
            // After a failed write nothing more may be journaled: a later record would follow a missing one.
            failed = true;
            throw ex;
        }
    }

    private void journal(final InputSlot slot, final long sequence, final boolean endOfBatch)
    {
        // A replicated record keeps the primary's timestamp: the records of both journals are byte for byte the same.
        lastTimestamp = slot.kind == InputSlot.Kind.REPLICATED ? slot.timestamp :
            Timestamps.monotonic(lastTimestamp, slot.timestamp);
        if (slot.isJournaled())
        {
            final long journaled = journal.append(lastTimestamp, slot.origin, slot.encoded, 0, slot.encodedLength);
            if (slot.kind == InputSlot.Kind.REPLICATED && journaled != slot.journalSequence)
            {
                throw new IllegalStateException("the primary's record " + slot.journalSequence + " would be journaled " +
                    "here at " + journaled + ": the standby's journal does not continue the primary's");
            }
            batchRecords++;
            bytes += JournalRecordDescriptor.recordLength(slot.encodedLength);
        }
        if (endOfBatch)
        {
            final long start = System.nanoTime();
            final boolean committed = journal.commit();
            final long committedAt = System.nanoTime();
            final boolean forced = journal.force();
            final long forcedAt = forced ? System.nanoTime() : committedAt;
            durableSequence.set(sequence);
            final long durable = journal.nextSequence() - 1;
            durableJournalSequence.set(durable);
            progress.onDurable(durable);
            if (batchRecords > 0)
            {
                counted(durable, committed ? committedAt - start : -1, forced ? forcedAt - committedAt : -1);
            }
        }
    }

    /** A batch is durable: its counts and times go to the metrics. A time of -1 was not taken. */
    private void counted(final long durable, final long commitNanos, final long forceNanos)
    {
        records += batchRecords;
        metrics.journalSequence.setOpaque(durable);
        metrics.journalRecords.setOpaque(records);
        metrics.journalBytes.setOpaque(bytes);
        metrics.journalCommits.setOpaque(++commits);
        metrics.batchRecords.recorder().recordOne(batchRecords);
        if (commitNanos >= 0)
        {
            metrics.commitLatency.recorder().recordOne(commitNanos);
        }
        if (forceNanos >= 0)
        {
            metrics.fsyncLatency.recorder().recordOne(forceNanos);
        }
        batchRecords = 0;
    }
}
