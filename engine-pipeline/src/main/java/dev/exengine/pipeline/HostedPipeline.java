package dev.exengine.pipeline;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The INLINE pipeline run on a thread the engine does not own ({@link dev.exengine.pipeline.config.EngineConfig#hosted}):
 * the host (the gateway) calls {@link #doWork()} in its duty cycle, which journals, commits, applies and delivers what
 * the input ring holds, as the engine's own thread would ({@link InlineProcessor}). A command the host read from a
 * socket is then answered in the same duty cycle, without waking another thread.
 *
 * <p>Producers on other threads (a starting market, a standby's replication, a snapshot request) wake the host with
 * {@link #wakeHostWith its wake-up}; {@link #hasBacklog()} tells the host's idle strategy not to sleep on work.
 *
 * <p>One thread at a time runs the pipeline, under a lock taken once per duty cycle: the host's, or at the close the
 * engine's closer, which drains what is left itself ({@link #drainAndStop}), so that the close neither depends on the
 * host still running nor races it (the journal is handed over to the closer's thread under that lock). An exception
 * escaping the pipeline halts the engine, as on the engine's own thread, and the slot is passed over. Allocates
 * nothing per command.
 */
public final class HostedPipeline implements Agent
{
    private final InlineProcessor processor;
    private final RingBuffer<InputSlot> ring;
    private final EventPoller<InputSlot> poller;
    private final Failures failures;
    private final ReentrantLock running = new ReentrantLock();
    /** Kept in a field, so that a poll allocates nothing. */
    private final EventPoller.Handler<InputSlot> handler = this::onSlot;
    private volatile Runnable wakeHost = () -> { };
    private boolean started;
    private boolean stopped;
    private int polled;

    HostedPipeline(final InlineProcessor processor, final RingBuffer<InputSlot> ring, final Failures failures)
    {
        this.processor = processor;
        this.ring = ring;
        this.failures = failures;
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    /** @param wakeUp wakes the host when it sleeps; called after every publish into the input ring, from any thread. */
    public void wakeHostWith(final Runnable wakeUp)
    {
        this.wakeHost = wakeUp;
    }

    /** @return true while the input ring holds slots claimed and not yet consumed; safe from any thread. */
    public boolean hasBacklog()
    {
        return ring.getCursor() > poller.getSequence().get();
    }

    /** Wakes the host: a slot was published. */
    void published()
    {
        wakeHost.run();
    }

    @Override
    public String roleName()
    {
        return "engine";
    }

    /**
     * One duty cycle: everything the input ring holds, journaled and committed a segment at a time, then applied and
     * delivered.
     *
     * @return the slots consumed; 0 while another thread runs the pipeline, and once the engine closed.
     */
    @Override
    public int doWork()
    {
        if (!running.tryLock())
        {
            return 0;
        }
        try
        {
            return stopped ? 0 : poll();
        }
        finally
        {
            running.unlock();
        }
    }

    /**
     * At the engine's close, with no more slots being claimed: consumes every slot claimed so far (waiting for those
     * claimed and not yet published) on the calling thread, then stops; the host's cycles do nothing from then on.
     *
     * @return false when the ring did not drain within the timeout (a producer that claimed and never published).
     */
    boolean drainAndStop(final long timeout, final TimeUnit unit, final IdleStrategy idle)
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        running.lock();
        try
        {
            // The host ran it until now; the journal's appender lets only one thread write at a time.
            processor.handOverToCallingThread();
            while (hasBacklog())
            {
                if (poll() == 0)
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        return false;
                    }
                    idle.idle();
                }
            }
            return true;
        }
        finally
        {
            stopped = true;
            running.unlock();
        }
    }

    /** After a halt or a failed start: the pipeline runs no more. */
    void stop()
    {
        running.lock();
        try
        {
            stopped = true;
        }
        finally
        {
            running.unlock();
        }
    }

    private int poll()
    {
        if (!started)
        {
            started = true;
            processor.onStart();
        }
        polled = 0;
        try
        {
            poller.poll(handler);
        }
        catch (final Exception ex)
        {
            // The handler catches what the pipeline throws; this is the poller's own failure.
            failures.onHalt("hosted pipeline failed", ex);
        }
        return polled;
    }

    private boolean onSlot(final InputSlot slot, final long sequence, final boolean endOfBatch)
    {
        polled++;
        try
        {
            processor.onEvent(slot, sequence, endOfBatch);
        }
        catch (final RuntimeException | Error ex)
        {
            // As the engine's own thread does: halt, loudly, and pass over the slot.
            failures.onHalt("pipeline consumer failed at ring sequence " + sequence, ex);
        }
        return true;
    }
}
