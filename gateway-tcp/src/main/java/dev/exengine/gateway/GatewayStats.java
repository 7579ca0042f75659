package dev.exengine.gateway;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The gateway's operator counters ({@link GatewayCounter}) and its open connections: written by the gateway's
 * thread, readable from any thread. Counting allocates nothing.
 */
public final class GatewayStats
{
    private static final GatewayCounter[] COUNTERS = GatewayCounter.values();

    private final AtomicLongArray counts = new AtomicLongArray(COUNTERS.length);
    private volatile int connections;

    public void increment(final GatewayCounter counter)
    {
        counts.incrementAndGet(counter.ordinal());
    }

    public long get(final GatewayCounter counter)
    {
        return counts.get(counter.ordinal());
    }

    /** @return connections open right now (any state); approximate while it changes. */
    public int connections()
    {
        return connections;
    }

    public void connections(final int open)
    {
        connections = open;
    }
}
