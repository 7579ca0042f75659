package dev.exengine.server;

/**
 * How long a standby has been behind its primary: the time since the primary was first seen (by this standby) to have
 * a record the standby still lacks, 0 when it has everything the primary was last heard to have. Under a steady load a
 * standby that keeps up is always a few records short, yet each record it lacks is new, so its lag stays near 0; one
 * that falls behind lags by as long as the oldest record it is missing has been known. Measured at each look (the
 * node's sampler looks every second), so it is as fine as the looks are frequent. Not thread-safe: its owner
 * synchronizes.
 */
final class StandbyLag
{
    /** Primary ends remembered, oldest first; when full, the newest is moved on (a longer lag reads a little long). */
    private static final int CAPACITY = 64;

    private final long[] ends = new long[CAPACITY];
    private final long[] seenAtNanos = new long[CAPACITY];
    private int first;
    private int count;

    /**
     * @param primaryEnd the primary's journal end, as last heard.
     * @param have       the last record the standby has journaled.
     * @return how long the standby has lacked a record the primary has, in nanoseconds.
     */
    long lagNanos(final long primaryEnd, final long have, final long nowNanos)
    {
        while (count > 0 && ends[first] <= have)
        {
            first = (first + 1) % CAPACITY;
            count--;
        }
        if (primaryEnd > have)
        {
            final int last = (first + count - 1 + CAPACITY) % CAPACITY;
            if (count == 0 || ends[last] < primaryEnd)
            {
                if (count == CAPACITY)
                {
                    ends[last] = primaryEnd;
                }
                else
                {
                    final int next = (first + count) % CAPACITY;
                    ends[next] = primaryEnd;
                    seenAtNanos[next] = nowNanos;
                    count++;
                }
            }
        }
        return count == 0 ? 0 : nowNanos - seenAtNanos[first];
    }
}
