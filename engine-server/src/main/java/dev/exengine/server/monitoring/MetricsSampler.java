package dev.exengine.server.monitoring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The node's sampler, on a thread of its own ({@code exengine-metrics}), once a second: the counters file's heartbeat
 * (a reader tells a live node from a dead one by it), the latency recorders' last second ({@link LatencyHistograms}),
 * and the node's health and replication into its counters ({@link NodeMetrics}). A failure of one round is logged, once
 * a minute at most, and the next round goes on: the heartbeat must not stop because a gauge could not be read.
 */
final class MetricsSampler implements AutoCloseable
{
    static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final System.Logger LOG = System.getLogger(MetricsSampler.class.getName());
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Runnable round;
    private final Thread thread;
    private volatile boolean running = true;
    private long nextLogNanos = Long.MIN_VALUE;

    /** @param round what a round does; called on the sampler's thread, and once more by {@link #close()}. */
    MetricsSampler(final Runnable round)
    {
        this.round = round;
        this.thread = new Thread(this::run, "exengine-metrics");
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /** Stops the thread, then runs a last round on the caller's, so the file holds the node's last state. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        runRound();
    }

    private void run()
    {
        while (running)
        {
            runRound();
            LockSupport.parkNanos(this, PERIOD_NANOS);
        }
    }

    private void runRound()
    {
        try
        {
            round.run();
        }
        catch (final RuntimeException ex)
        {
            final long now = System.nanoTime();
            if (now - nextLogNanos >= 0 || nextLogNanos == Long.MIN_VALUE)
            {
                nextLogNanos = now + LOG_EVERY_NANOS;
                LOG.log(System.Logger.Level.WARNING, "metrics sampling failed (said once a minute at most)", ex);
            }
        }
    }
}
