package dev.exengine.storage;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A thread of its own that keeps Chronicle queue files touched ahead of their writers ({@link QueuePretouch}), looking
 * at every queue every {@code interval}: the journal's (the engine thread writes it) and the users' streams (the
 * gateway's thread writes them). The writers neither wait for nor call into it. Whoever starts it closes it, before
 * the queues close: {@link #close} stops and joins the thread, and lets go of the files it held.
 */
public final class PretouchThread implements AutoCloseable
{
    /**
     * How often a node's pre-touch threads look at their writers: 10 ms of the journal at 200,000 commands/s is
     * 150 KB, well within the megabytes kept touched ahead of it (a user's stream keeps 128 KB), and a wake-up every
     * 10 ms costs a 2-core machine nothing.
     */
    public static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final String name;
    private final List<QueuePretouch> queues;
    private final long intervalNanos;
    private final Thread thread;
    private final BooleanSupplier stillRunning = this::running;
    private volatile boolean running = true;
    private volatile long touchedPages;

    private PretouchThread(final String name, final List<QueuePretouch> queues, final long intervalNanos)
    {
        this.name = name;
        this.queues = List.copyOf(queues);
        this.intervalNanos = intervalNanos;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /**
     * Starts a thread called {@code name} that touches ahead of every queue's writer every {@code intervalNanos}.
     */
    public static PretouchThread start(final String name, final List<QueuePretouch> queues, final long intervalNanos)
    {
        if (intervalNanos <= 0)
        {
            throw new IllegalArgumentException("pre-touch interval must be positive: " + intervalNanos + " ns");
        }
        final PretouchThread pretouch = new PretouchThread(name, queues, intervalNanos);
        pretouch.thread.start();
        return pretouch;
    }

    /** How many pages it has touched so far, over all its queues, for tests and metrics. */
    public long touchedPages()
    {
        return touchedPages;
    }

    /** Stops the thread and waits for it, so that nothing touches the queues after this returns. */
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
                        throw new IllegalStateException(name + " did not stop within " + STOP_WAIT_MILLIS + " ms");
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

    private boolean running()
    {
        return running;
    }

    private void run()
    {
        try
        {
            while (running)
            {
                long pages = 0;
                for (int i = 0; i < queues.size() && running; i++)
                {
                    pages += queues.get(i).touchAhead(stillRunning);
                }
                if (pages > 0)
                {
                    touchedPages += pages;
                }
                LockSupport.parkNanos(this, intervalNanos);
            }
        }
        catch (final Throwable ex)
        {
            // Not the writers' failure: they go on and take their own page faults, as without this thread.
            System.getLogger(PretouchThread.class.getName()).log(System.Logger.Level.WARNING,
                name + " stopped; the writers of its files take their own page faults from now on", ex);
        }
        finally
        {
            for (final QueuePretouch queue : queues)
            {
                queue.release();
            }
        }
    }
}
