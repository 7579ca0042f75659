package dev.exengine.pipeline.config;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * How the engine's threads wait for work. The pipeline runs one to three threads beside the producers (INLINE one,
 * SERIAL two, PARALLEL three), so only {@link #LOW_LATENCY} spins, and only on a machine with cores to spare.
 */
public enum WaitProfile
{
    /**
     * Default: spin 100 times, yield 100 times, then sleep 20 µs at a time (the loops outside the rings back off to
     * 100 µs). Leaves the CPU to others when idle, so it behaves on a 2-core machine; a thread woken from sleep may
     * wait for the scheduler, which shows in the tail.
     */
    BALANCED,
    /** Busy-spins every engine thread, each pinned to a core of its own: lowest latency, needs a core per thread. */
    LOW_LATENCY,
    /** Blocks on a lock when idle: least CPU, highest wake-up latency. */
    LOW_CPU;

    /**
     * @return true when each engine thread should hold a CPU of its own for its whole life.
     */
    public boolean pinsThreads()
    {
        return this == LOW_LATENCY;
    }

    public WaitStrategy newWaitStrategy()
    {
        return switch (this)
        {
            case BALANCED -> new SleepingWaitStrategy(200, TimeUnit.MICROSECONDS.toNanos(20));
            case LOW_LATENCY -> new BusySpinWaitStrategy();
            case LOW_CPU -> new BlockingWaitStrategy();
        };
    }

    /**
     * @return the idle strategy for loops outside the rings (the output's durability gate, a rebuild's wait for the
     * journal).
     */
    public IdleStrategy newIdleStrategy()
    {
        return switch (this)
        {
            case BALANCED -> new BackoffIdleStrategy(100, 100, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MICROSECONDS.toNanos(100));
            case LOW_LATENCY -> new BusySpinIdleStrategy();
            case LOW_CPU -> new SleepingMillisIdleStrategy(1);
        };
    }
}
