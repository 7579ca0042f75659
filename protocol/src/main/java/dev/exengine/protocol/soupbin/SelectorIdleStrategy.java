package dev.exengine.protocol.soupbin;

import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Idles a network thread (the gateway's, the replication's) in its selector: a duty cycle that did nothing blocks in
 * {@code select} until a socket is ready, {@link #wakeUp()} is called (the engine handed over events or journaled a
 * batch, a password check finished) or the timer period ends. Waking costs a system call, so {@link #wakeUp()} makes it
 * only while the thread sleeps or is about to. The blocking select only waits: it hands the keys it finds to nothing
 * and keeps no selected-key set (whose entries would be garbage at every wake-up); the duty cycle's own select finds
 * them again, as the selector reports a ready channel until it has been read or written.
 */
public final class SelectorIdleStrategy implements IdleStrategy
{
    private static final Consumer<SelectionKey> IGNORE_KEY = key -> { };

    private final Selector selector;
    private final long periodMillis;
    private final BooleanSupplier workWaiting;
    private volatile boolean sleeping;

    /**
     * @param periodMillis the longest sleep: the timers' resolution.
     * @param workWaiting  whether other threads left work that needs no socket (checked after announcing the sleep,
     *                     so that a wake-up between the check and the select is not lost).
     */
    public SelectorIdleStrategy(final Selector selector, final long periodMillis, final BooleanSupplier workWaiting)
    {
        this.selector = selector;
        this.periodMillis = periodMillis;
        this.workWaiting = workWaiting;
    }

    /** Wakes the thread if it sleeps in the selector, or is about to; safe from any thread. */
    public void wakeUp()
    {
        if (sleeping)
        {
            selector.wakeup();
        }
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        sleeping = true;
        // Orders the flag before the look at the waiting work: a producer that adds work after the look sees the flag.
        VarHandle.fullFence();
        try
        {
            if (workWaiting.getAsBoolean() || !selector.isOpen())
            {
                return;
            }
            selector.select(IGNORE_KEY, periodMillis);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("the gateway's selector failed", ex);
        }
        finally
        {
            sleeping = false;
        }
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return "selector";
    }
}
