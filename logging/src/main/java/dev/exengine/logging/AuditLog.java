package dev.exengine.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The audit log: security-relevant events (logins accepted and rejected, throttling, abuse disconnects, connections
 * shed, configuration and role changes, snapshots, the recovery) on the logger {@value #LOGGER_NAME}, each kind
 * rate-limited on its own ({@link AuditEvent}). Its level, where it goes and the rates are the logging
 * configuration's (packaging/logging.properties):
 * <pre>
 *   exengine.audit.level = INFO                       # WARNING leaves out accepted logins, snapshots, the start
 *   exengine.audit.burst = 20                         # lines of one kind at once
 *   exengine.audit.per-second = 1                     # and on average after that
 *   exengine.audit.login.accepted.per-second = 50     # a kind of its own
 * </pre>
 * Each component that reports events owns one (the gateway, the replication, the engine's start and its snapshots),
 * creates its kinds once and calls {@link #reportSuppressed} now and then if it has a duty cycle. Nothing here runs
 * on the engine's logic thread: the events are reported where they happen, on the gateway's, replication's, snapshot
 * writer's and starting threads.
 */
public final class AuditLog
{
    public static final String LOGGER_NAME = "exengine.audit";
    static final String BURST = "burst";
    static final String PER_SECOND = "per-second";
    private static final int DEFAULT_BURST = 20;
    private static final double DEFAULT_PER_SECOND = 1;
    private static final double MAX_PER_SECOND = 1_000_000;

    private final Logger logger = Logger.getLogger(LOGGER_NAME);
    private final List<AuditEvent> events = new ArrayList<>();

    /**
     * A kind of event at the rate the logging configuration gives it ({@code exengine.audit.NAME.burst},
     * {@code .per-second}), or the configuration's rate for every kind, or 20 at once and 1 a second.
     *
     * @param name dotted, what a search for it types: {@code login.rejected}.
     * @throws IllegalArgumentException when the configuration's rate for it is not a number in range.
     */
    public synchronized AuditEvent event(final String name, final Level level)
    {
        final AuditEvent event = new AuditEvent(logger, name, level,
            (int)configured(name, BURST, DEFAULT_BURST), configured(name, PER_SECOND, DEFAULT_PER_SECOND));
        events.add(event);
        return event;
    }

    /** Writes the summary of each kind that held events back and has a token again. */
    public synchronized void reportSuppressed(final long nowMillis)
    {
        for (int i = 0; i < events.size(); i++)
        {
            events.get(i).reportSuppressed(nowMillis);
        }
    }

    /**
     * Reads a rate key of the logging configuration ({@code exengine.audit[.NAME].burst} or {@code .per-second}).
     *
     * @return its value, or NaN when the key is not a rate key.
     * @throws IllegalArgumentException naming the key when its value is not a whole number >= 1 (a burst) or a number
     *                                  in (0, 1000000] (a rate).
     */
    static double rate(final String key, final String text)
    {
        final boolean burst = key.endsWith("." + BURST);
        if (!key.startsWith(LOGGER_NAME + ".") || !(burst || key.endsWith("." + PER_SECOND)))
        {
            return Double.NaN;
        }
        try
        {
            final double value = burst ? Integer.parseInt(text.trim()) : Double.parseDouble(text.trim());
            if (burst ? value >= 1 : value > 0 && value <= MAX_PER_SECOND)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // Said below, with the key.
        }
        throw new IllegalArgumentException(key + " must be " + (burst ? "a whole number >= 1" :
            "a number of lines a second in (0, 1000000]") + ", not '" + text.trim() + "'");
    }

    private static double configured(final String event, final String what, final double otherwise)
    {
        final LogManager manager = LogManager.getLogManager();
        for (final String key : new String[] {LOGGER_NAME + "." + event + "." + what, LOGGER_NAME + "." + what})
        {
            final String text = manager.getProperty(key);
            if (text != null && !text.isBlank())
            {
                return rate(key, text);
            }
        }
        return otherwise;
    }
}
