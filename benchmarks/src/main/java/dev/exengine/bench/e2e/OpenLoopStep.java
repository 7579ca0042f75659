package dev.exengine.bench.e2e;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one step of the sweep: sends on every connection at its share of the offered rate, following the
 * {@link Schedule}, polls for the answers, and waits for the stragglers up to a deadline. Connection {@code c} is
 * driven by thread {@code c % threads}; each thread owns its connections' clients, as the client library requires.
 * An idle thread spins briefly and then yields: the machine may have fewer cores than the engine and the harness
 * have threads.
 */
final class OpenLoopStep
{
    /** Sends at most this many overdue messages on one connection before polling again, so answers keep flowing. */
    private static final int MAX_BURST = 64;
    private static final int SPINS_BEFORE_YIELD = 200;
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private OpenLoopStep()
    {
    }

    static StepResult run(final String name, final List<? extends LoadTarget> targets, final int threads,
        final long rate, final double warmupSeconds, final double measureSeconds, final double drainSeconds)
    {
        final long warmup = Math.round(rate * warmupSeconds);
        final long total = warmup + Math.max(1, Math.round(rate * measureSeconds));
        final Schedule schedule = new Schedule(System.nanoTime() + START_DELAY_NANOS, rate, warmup, total);
        final long drainDeadline = schedule.endNanos() + (long)(drainSeconds * 1e9);
        for (final LoadTarget target : targets)
        {
            target.begin(schedule);
        }
        final int driverThreads = Math.min(threads, targets.size());
        final List<Thread> drivers = new ArrayList<>();
        final Throwable[] failure = new Throwable[1];
        final boolean[] drained = new boolean[driverThreads];
        for (int t = 0; t < driverThreads; t++)
        {
            final int thread = t;
            final Thread driver = new Thread(() ->
            {
                try
                {
                    drained[thread] = drive(targets, thread, driverThreads, schedule, drainDeadline);
                }
                catch (final IOException | RuntimeException ex)
                {
                    synchronized (failure)
                    {
                        failure[0] = ex;
                    }
                }
            }, "bench-driver-" + t);
            drivers.add(driver);
            driver.start();
        }
        for (final Thread driver : drivers)
        {
            try
            {
                driver.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            }
        }
        synchronized (failure)
        {
            if (failure[0] != null)
            {
                throw new IllegalStateException(name + " failed: " + failure[0], failure[0]);
            }
        }
        boolean allDrained = true;
        for (final boolean d : drained)
        {
            allDrained &= d;
        }
        return StepResult.of(name, rate, targets, schedule, allDrained);
    }

    /** @return true when every message of this thread's connections was answered before the deadline. */
    private static boolean drive(final List<? extends LoadTarget> all, final int thread, final int threads,
        final Schedule schedule, final long drainDeadline) throws IOException
    {
        // This thread drives connections thread, thread + threads, ...; connection c sends messages c,
        // c + connections, ...
        final int connections = all.size();
        final int count = (connections - thread + threads - 1) / threads;
        final LoadTarget[] targets = new LoadTarget[count];
        final long[] next = new long[count];
        for (int i = 0; i < count; i++)
        {
            final int c = thread + i * threads;
            targets[i] = all.get(c);
            next[i] = c;
        }
        final long total = schedule.totalMessages();
        int idle = 0;
        while (true)
        {
            final long now = System.nanoTime();
            int work = 0;
            boolean allSent = true;
            for (int i = 0; i < count; i++)
            {
                int burst = 0;
                while (next[i] < total && burst < MAX_BURST && schedule.intendedNanos(next[i]) <= now)
                {
                    targets[i].send(next[i]);
                    next[i] += connections;
                    burst++;
                }
                work += burst;
                allSent &= next[i] >= total;
            }
            boolean complete = allSent;
            for (int i = 0; i < count; i++)
            {
                work += targets[i].poll();
                complete &= targets[i].recorder().complete();
            }
            if (complete)
            {
                return true;
            }
            if (allSent && now > drainDeadline)
            {
                return false;
            }
            if (work > 0)
            {
                idle = 0;
            }
            else if (++idle < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    /** The latency histogram of a step, merged over its connections. */
    static Histogram merged(final List<? extends LoadTarget> targets)
    {
        final Histogram merged = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (final LoadTarget target : targets)
        {
            merged.add(target.recorder().histogram);
        }
        return merged;
    }
}
