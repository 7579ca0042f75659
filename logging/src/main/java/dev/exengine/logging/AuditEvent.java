package dev.exengine.logging;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One kind of security-relevant event (a rejected login, a connection shed), logged at most {@code burst} at once and
 * {@code perSecond} on average after that: a token bucket, so that a flood of one kind cannot flood the log, nor hide
 * the other kinds, which have buckets of their own. What it holds back is counted, and said in one summary line
 * ({@code "12345 more login.rejected suppressed over 61.0 s"}) as soon as the bucket has a token again: at the next
 * event of the kind, or at the owner's {@link AuditLog#reportSuppressed}.
 *
 * <p>Use: {@code if (event.admit(nowMillis)) event.log("login rejected", "user", name, ...)}: {@link #admit} decides
 * and counts without allocating, so a suppressed event costs no garbage; the fields are built only for a line that is
 * written. Safe from any thread; the owner's clock must only move forward.
 */
public final class AuditEvent
{
    /** The bucket's unit: a millionth of an event, so that rates below one a second stay whole numbers. */
    private static final long TOKEN = 1_000_000;

    private final Logger logger;
    private final String name;
    private final Level level;
    private final long capacity;
    private final long refillPerMilli;
    private long credit;
    private long lastMillis;
    private boolean started;
    private long suppressed;
    private long firstSuppressedMillis;

    AuditEvent(final Logger logger, final String name, final Level level, final int burst, final double perSecond)
    {
        this.logger = logger;
        this.name = name;
        this.level = level;
        this.capacity = burst * TOKEN;
        this.refillPerMilli = Math.max(1, Math.round(perSecond * TOKEN / 1000.0));
        this.credit = capacity;
    }

    public String name()
    {
        return name;
    }

    /**
     * Whether this event may be logged now: true takes a token (and first writes the summary of what was held back,
     * if anything was); false counts it as suppressed. Allocates nothing unless it writes a summary.
     */
    public synchronized boolean admit(final long nowMillis)
    {
        if (!logger.isLoggable(level))
        {
            return false;
        }
        refill(nowMillis);
        if (credit < TOKEN)
        {
            if (suppressed++ == 0)
            {
                firstSuppressedMillis = nowMillis;
            }
            return false;
        }
        credit -= TOKEN;
        if (suppressed > 0)
        {
            summarise(nowMillis);
        }
        return true;
    }

    /**
     * Writes the event; call it only after {@link #admit} said yes.
     *
     * @param fields name, value pairs (see {@link AuditRecord}).
     */
    public void log(final String message, final Object... fields)
    {
        logger.log(new AuditRecord(level, logger.getName(), name, message, fields));
    }

    /** @return events held back since the last line about this kind. */
    public synchronized long suppressed()
    {
        return suppressed;
    }

    /** Writes the summary of what was held back, if anything was and the bucket has a token for it. */
    synchronized void reportSuppressed(final long nowMillis)
    {
        if (suppressed == 0)
        {
            return;
        }
        refill(nowMillis);
        if (credit >= TOKEN)
        {
            credit -= TOKEN;
            summarise(nowMillis);
        }
    }

    private void refill(final long nowMillis)
    {
        if (!started)
        {
            started = true;
            lastMillis = nowMillis;
            return;
        }
        final long elapsed = nowMillis - lastMillis;
        if (elapsed > 0)
        {
            lastMillis = nowMillis;
            // Capped before multiplying: a long quiet spell must not overflow into a small credit.
            credit = elapsed >= capacity / refillPerMilli + 1 ? capacity :
                Math.min(capacity, credit + elapsed * refillPerMilli);
        }
    }

    private void summarise(final long nowMillis)
    {
        final long count = suppressed;
        final double seconds = (nowMillis - firstSuppressedMillis) / 1000.0;
        suppressed = 0;
        logger.log(new AuditRecord(level, logger.getName(), name,
            String.format(java.util.Locale.ROOT, "%d more %s suppressed over %.1f s", count, name, seconds),
            "suppressed", count));
    }
}
