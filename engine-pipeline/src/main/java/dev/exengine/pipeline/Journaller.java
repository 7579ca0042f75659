package dev.exengine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.exengine.journal.CommandJournal;

import java.util.concurrent.CountDownLatch;

/**
 * Input-ring consumer that appends every state-changing command to the journal and publishes how far the journal
 * is durable under the configured mode ({@link #durableSequence()}, in input-ring sequences). The journal commits
 * once per ring batch (group commit: one batch document, and in FSYNC mode one force), so the durable sequence
 * advances only at the end of a batch, in every mode: before the commit the records are neither visible nor durable.
 * Allocates nothing after warm-up.
 */
final class Journaller implements EventHandler<InputSlot>
{
    private final CommandJournal journal;
    private final Sequence durableSequence = new Sequence();
    private final CountDownLatch started;
    private long lastTimestamp;
    private boolean failed;

    Journaller(final CommandJournal journal, final long lastTimestamp, final CountDownLatch started)
    {
        this.journal = journal;
        this.lastTimestamp = lastTimestamp;
        this.started = started;
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
        lastTimestamp = Timestamps.monotonic(lastTimestamp, slot.timestamp);
        if (slot.isJournaled())
        {
            journal.append(lastTimestamp, slot.origin, slot.encoded, 0, slot.encodedLength);
        }
        if (endOfBatch)
        {
            journal.flush();
            durableSequence.set(sequence);
        }
    }
}
