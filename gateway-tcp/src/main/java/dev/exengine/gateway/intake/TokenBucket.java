package dev.exengine.gateway.intake;

/**
 * A token bucket for one session's commands: {@code ratePerSecond} tokens per second, at most {@code burst} saved up.
 * Integer arithmetic in token-nanoseconds, so no rounding drift. Allocates nothing.
 */
public final class TokenBucket
{
    /**
     * The largest rate and burst: a billion commands. Beyond them the token-nanoseconds would overflow (a full bucket
     * plus a refill must stay below 2^63).
     */
    public static final long MAX = 1_000_000_000L;
    private static final long NANOS_PER_TOKEN_UNIT = 1_000_000_000L;

    private final long ratePerSecond;
    private final long capacity;
    private long tokens;
    private long lastNanos;

    /**
     * Starts full.
     */
    public TokenBucket(final long ratePerSecond, final long burst, final long nowNanos)
    {
        if (ratePerSecond < 1 || burst < 1 || ratePerSecond > MAX || burst > MAX)
        {
            throw new IllegalArgumentException("rate and burst must be in [1, " + MAX + "]: " + ratePerSecond + ", " +
                burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = burst * NANOS_PER_TOKEN_UNIT;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** @return true and takes a token when one is there. */
    public boolean tryTake(final long nowNanos)
    {
        final long elapsed = nowNanos - lastNanos;
        lastNanos = nowNanos;
        if (elapsed > 0)
        {
            // Capping the elapsed time first keeps elapsed * rate far from overflow.
            final long refillNanos = Math.min(elapsed, capacity / ratePerSecond + 1);
            tokens = Math.min(capacity, tokens + refillNanos * ratePerSecond);
        }
        if (tokens >= NANOS_PER_TOKEN_UNIT)
        {
            tokens -= NANOS_PER_TOKEN_UNIT;
            return true;
        }
        return false;
    }
}
