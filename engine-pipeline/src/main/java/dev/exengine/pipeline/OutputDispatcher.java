package dev.exengine.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.metrics.IntervalRecorder;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.CountDownLatch;

/**
 * Output-ring consumer: the durability gate. An event leaves only once the journal is durable up to the command that
 * caused it; then every registered {@link EngineOutput} gets it, in order. At the end of each batch it records each
 * released command's time since it entered the input ring ({@link EngineMetrics}: this thread is the writer in
 * PARALLEL mode). Allocates nothing per event.
 */
final class OutputDispatcher implements EventHandler<OutputSlot>
{
    private final Outputs outputs;
    private final Sequence durableSequence;
    private final IdleStrategy idleStrategy;
    private final CountDownLatch started;
    private final IntervalRecorder commandLatency;
    private final EpochNanoClock clock;
    /** The arrival of each command released in this batch (one per command, not per event). */
    private final long[] arrivals;
    private int arrivalCount;
    private long lastInputSequence = -1;
    private volatile boolean running = true;

    /**
     * @param durableSequence the journal's progress to wait for, or null when nothing needs to wait (memory mode).
     */
    OutputDispatcher(
        final Outputs outputs, final Sequence durableSequence, final IdleStrategy idleStrategy,
        final CountDownLatch started, final EngineMetrics metrics, final EpochNanoClock clock, final int ringSize)
    {
        this.outputs = outputs;
        this.durableSequence = durableSequence;
        this.idleStrategy = idleStrategy;
        this.started = started;
        this.commandLatency = metrics.commandLatency.recorder();
        this.clock = clock;
        this.arrivals = new long[ringSize];
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
            if (slot.inputSequence != lastInputSequence)
            {
                lastInputSequence = slot.inputSequence;
                if (slot.arrivalNanos != EventSink.UNTIMED && arrivalCount < arrivals.length)
                {
                    arrivals[arrivalCount++] = slot.arrivalNanos;
                }
            }
            if (endOfBatch)
            {
                outputs.batchEnd();
                recordLatencies();
            }
        }
    }

    private void recordLatencies()
    {
        if (arrivalCount == 0)
        {
            return;
        }
        final long now = clock.nanoTime();
        final long critical = commandLatency.begin();
        try
        {
            for (int i = 0; i < arrivalCount; i++)
            {
                commandLatency.record(now - arrivals[i]);
            }
        }
        finally
        {
            commandLatency.end(critical);
            arrivalCount = 0;
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
