package dev.exengine.bench.e2e;

/**
 * The fixed open-loop send schedule of one step: message {@code k} (0-based, over all connections together) is due at
 * {@code start + k / rate}, whether or not earlier answers came back, so a stall shows as the latency of every message
 * due during it (coordinated omission corrected). Message {@code k} goes out on connection {@code k % connections}.
 */
final class Schedule
{
    private final long startNanos;
    private final double intervalNanos;
    private final long warmupMessages;
    private final long totalMessages;

    Schedule(final long startNanos, final long ratePerSecond, final long warmupMessages, final long totalMessages)
    {
        this.startNanos = startNanos;
        this.intervalNanos = 1e9 / ratePerSecond;
        this.warmupMessages = warmupMessages;
        this.totalMessages = totalMessages;
    }

    long intendedNanos(final long message)
    {
        return startNanos + (long)(message * intervalNanos);
    }

    /** The intended time of the first measured message: the start of the measurement window. */
    long measureStartNanos()
    {
        return intendedNanos(warmupMessages);
    }

    long endNanos()
    {
        return intendedNanos(totalMessages);
    }

    boolean isMeasured(final long message)
    {
        return message >= warmupMessages;
    }

    long totalMessages()
    {
        return totalMessages;
    }

    long measuredMessages()
    {
        return totalMessages - warmupMessages;
    }
}
