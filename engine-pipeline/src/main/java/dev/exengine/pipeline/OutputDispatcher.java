package dev.exengine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;

/**
 * Output-ring consumer: the durability gate. An event leaves only once the journal is durable up to the command that
 * caused it; then every registered {@link EngineOutput} gets it, in order. A consumer that throws is reported and
 * skipped for that event; the others still get it. Allocates nothing per event.
 */
final class OutputDispatcher implements EventHandler<OutputSlot>
{
    private final EngineOutput[] outputs;
    private final Sequence durableSequence;
    private final IdleStrategy idleStrategy;
    private final Engine.Failures failures;
    private volatile boolean running = true;

    /**
     * @param durableSequence the journal's progress to wait for, or null when nothing needs to wait (memory mode, or
     *                        the logic already runs behind the journaller).
     */
    OutputDispatcher(
        final List<EngineOutput> outputs,
        final Sequence durableSequence,
        final IdleStrategy idleStrategy,
        final Engine.Failures failures)
    {
        this.outputs = outputs.toArray(new EngineOutput[0]);
        this.durableSequence = durableSequence;
        this.idleStrategy = idleStrategy;
        this.failures = failures;
    }

    @Override
    public void onEvent(final OutputSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (durableSequence != null && durableSequence.get() < slot.inputSequence)
        {
            while (durableSequence.get() < slot.inputSequence)
            {
                if (!running)
                {
                    return;
                }
                idleStrategy.idle();
            }
            idleStrategy.reset();
        }
        for (final EngineOutput output : outputs)
        {
            try
            {
                output.onEvent(slot.event, slot.origin, endOfBatch);
            }
            catch (final RuntimeException ex)
            {
                failures.onFailure("output " + output + " failed on " + slot.event, ex);
            }
        }
    }

    /**
     * Stops waiting at the gate: events not yet durable are never released.
     */
    void stop()
    {
        running = false;
    }
}
