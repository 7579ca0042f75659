package dev.exengine.gateway.intake;

/**
 * Counts a session's misdeeds of one kind (throttled commands, undecodable messages) within a fixed window of time, so
 * that a client that errs now and then is answered while one that keeps erring is told from it and disconnected. A
 * window starts with the first misdeed after the last one ended. Allocates nothing.
 */
public final class WindowCount
{
    private long windowStartMillis;
    private int count;

    /** Forgets what was counted: a new session. */
    public void reset()
    {
        count = 0;
    }

    /**
     * Counts one.
     *
     * @return true when this one makes more than {@code max} within {@code windowMillis}.
     */
    public boolean exceeds(final long nowMillis, final int max, final long windowMillis)
    {
        if (count == 0 || nowMillis - windowStartMillis >= windowMillis)
        {
            windowStartMillis = nowMillis;
            count = 0;
        }
        return ++count > max;
    }
}
