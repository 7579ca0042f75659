package dev.exengine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.exengine.core.port.EngineOutput;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.CountDownLatch;

/**
 * Output-ring consumer: the durability gate. An event leaves only once the journal is durable up to the command that
 * caused it; then every registered {@link EngineOutput} gets it, in order. Allocates nothing per event.
 */
final class OutputDispatcher implements EventHandler<OutputSlot>
{
    private final Outputs outputs;
    private final Sequence durableSequence;
    private final IdleStrategy idleStrategy;
    private final CountDownLatch started;
    private volatile boolean running = true;

    /**
     * @param durableSequence the journal's progress to wait for, or null when nothing needs to wait (memory mode).
     */
    OutputDispatcher(
        final Outputs outputs, final Sequence durableSequence, final IdleStrategy idleStrategy,
        final CountDownLatch started)
    {
        this.outputs = outputs;
        this.durableSequence = durableSequence;
        this.idleStrategy = idleStrategy;
        this.started = started;
    }

    /** Tells the engine this consumer's thread runs, so that a drain at close cannot miss it. */
    @Override
    public void onStart()
    {
        started.countDown();
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
        if (running)
        {
            outputs.deliver(slot.event, slot.origin);
            if (endOfBatch)
            {
                outputs.batchEnd();
            }
        }
    }

    /**
     * Stops releasing: after a halt, events not yet delivered never leave.
     */
    void stop()
    {
        running = false;
    }
}
