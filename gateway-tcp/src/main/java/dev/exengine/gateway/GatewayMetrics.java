package dev.exengine.gateway;

import dev.exengine.core.event.RejectReason;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.metrics.Metric;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.metrics.Rejects;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the gateway counts for operators, in the node's counters ({@link MetricCounters}): logins by outcome, rejects
 * by reason, throttled messages, disconnects by reason, connections shed, open connections and logged-in sessions,
 * the stored streams. Written by the gateway's thread alone (a plain store each: no lock, no allocation), readable from
 * any thread and, through the counters file, from another process.
 */
public final class GatewayMetrics
{
    public static final Metric LOGINS = Metric.counter("exengine_logins",
        "Login Requests answered, by outcome: ACCEPTED; REJECTED (a wrong user or password, a number that does not " +
        "read); THROTTLED (its address failed too often lately); UNAVAILABLE (a standby or fenced node, another " +
        "session)", "outcome");
    public static final Metric THROTTLED = Metric.counter("exengine_throttled_messages",
        "Messages beyond a session's rate limit: answered THROTTLED when they decode, dropped when they do not");
    public static final Metric DISCONNECTS = Metric.counter("exengine_disconnects",
        "Client connections ended, by reason", "reason");
    public static final Metric SHED = Metric.counter("exengine_connections_shed",
        "Connections refused as they were accepted, by the limit they met, when no idle connection could be shed to " +
        "make room (those shed are exengine_disconnects_total{reason=\"SHED\"})", "limit");
    public static final Metric CONNECTIONS = Metric.gauge("exengine_connections",
        "Client connections open, logged in or not");
    public static final Metric LOGGED_IN = Metric.gauge("exengine_sessions_logged_in",
        "Client sessions logged in");
    public static final Metric STORED_MESSAGES = Metric.gauge("exengine_stored_messages",
        "Messages in the users' stored streams of the current SoupBinTCP session");
    public static final Metric LONGEST_STREAM = Metric.gauge("exengine_stored_stream_messages_max",
        "Messages in the longest user's stored stream");
    public static final Metric STORED_BYTES = Metric.counter("exengine_stored_bytes",
        "Message bytes appended to the users' stored streams since the node started");
    public static final Metric INTERNAL_ERRORS = Metric.counter("exengine_gateway_internal_errors",
        "Unexpected failures the gateway caught and survived; should stay 0");

    /** The outcomes of a Login Request. */
    public enum LoginOutcome
    {
        ACCEPTED, REJECTED, THROTTLED, UNAVAILABLE
    }

    /** The limits a connection can meet as it is accepted. */
    public enum ShedLimit
    {
        /** {@code gateway.max-connections}: the table is full. */
        MAX_CONNECTIONS,
        /** {@code gateway.max-unauthenticated}: the room for connections not logged in is full. */
        MAX_UNAUTHENTICATED,
        /** {@code gateway.max-unauthenticated-per-address}: too many from its address have not logged in. */
        MAX_UNAUTHENTICATED_PER_ADDRESS
    }

    /** The reasons the gateway answers a command with itself, without the engine. */
    private static final RejectReason[] GATEWAY_REJECTS = {RejectReason.NOT_AUTHORIZED, RejectReason.THROTTLED,
        RejectReason.ENGINE_BUSY, RejectReason.ENGINE_HALTED, RejectReason.MALFORMED};

    private final MetricCounters counters;
    private final AtomicCounter[] logins;
    /** Indexed by the reason's ordinal; null for the reasons only the engine gives. */
    private final AtomicCounter[] rejects = new AtomicCounter[RejectReason.values().length];
    private final AtomicCounter throttled;
    private final AtomicCounter[] disconnects;
    private final AtomicCounter[] shed;
    private final AtomicCounter connections;
    private final AtomicCounter loggedIn;
    private final AtomicCounter storedMessages;
    private final AtomicCounter longestStream;
    private final AtomicCounter storedBytes;
    private final AtomicCounter internalErrors;
    private long stored;
    private long longest;
    private long bytes;

    public GatewayMetrics(final MetricCounters counters)
    {
        this.counters = counters;
        this.logins = counters.byEnum(LOGINS, LoginOutcome.class);
        for (final RejectReason reason : GATEWAY_REJECTS)
        {
            rejects[reason.ordinal()] = counters.counter(Rejects.METRIC, "gateway", reason.name());
        }
        this.throttled = counters.counter(THROTTLED);
        this.disconnects = counters.byEnum(DISCONNECTS, DisconnectReason.class);
        this.shed = counters.byEnum(SHED, ShedLimit.class);
        this.connections = counters.counter(CONNECTIONS);
        this.loggedIn = counters.counter(LOGGED_IN);
        this.storedMessages = counters.counter(STORED_MESSAGES);
        this.longestStream = counters.counter(LONGEST_STREAM);
        this.storedBytes = counters.counter(STORED_BYTES);
        this.internalErrors = counters.counter(INTERNAL_ERRORS);
    }

    public void login(final LoginOutcome outcome)
    {
        logins[outcome.ordinal()].incrementOpaque();
    }

    /** A command answered by the gateway with one of the reasons it gives. */
    public void rejected(final RejectReason reason)
    {
        rejects[reason.ordinal()].incrementOpaque();
    }

    public void throttled()
    {
        throttled.incrementOpaque();
    }

    public void disconnected(final DisconnectReason reason)
    {
        disconnects[reason.ordinal()].incrementOpaque();
    }

    public void shed(final ShedLimit limit)
    {
        shed[limit.ordinal()].incrementOpaque();
    }

    public void sessions(final int open, final int loggedInNow)
    {
        connections.setOpaque(open);
        loggedIn.setOpaque(loggedInNow);
    }

    /** The streams as opened: how many messages they hold, and the longest. */
    public void streamsOpened(final long messages, final long longestStream)
    {
        stored = messages;
        longest = longestStream;
        storedMessages.setOpaque(stored);
        this.longestStream.setOpaque(longest);
    }

    /** A message appended to a stream, which now holds {@code streamLength} messages. */
    public void storedMessage(final int length, final long streamLength)
    {
        storedMessages.setOpaque(++stored);
        bytes += length;
        storedBytes.setOpaque(bytes);
        if (streamLength > longest)
        {
            longest = streamLength;
            longestStream.setOpaque(longest);
        }
    }

    public void internalError()
    {
        internalErrors.incrementOpaque();
    }

    /** The counters these are in. */
    public MetricCounters counters()
    {
        return counters;
    }

    public long logins(final LoginOutcome outcome)
    {
        return logins[outcome.ordinal()].get();
    }

    public long rejects(final RejectReason reason)
    {
        final AtomicCounter counter = rejects[reason.ordinal()];
        return counter == null ? 0 : counter.get();
    }

    public long throttledMessages()
    {
        return throttled.get();
    }

    public long disconnects(final DisconnectReason reason)
    {
        return disconnects[reason.ordinal()].get();
    }

    public long connectionsShed(final ShedLimit limit)
    {
        return shed[limit.ordinal()].get();
    }

    /** @return connections open right now (any state). */
    public long connections()
    {
        return connections.get();
    }

    /** @return sessions logged in right now. */
    public long loggedIn()
    {
        return loggedIn.get();
    }

    public long internalErrors()
    {
        return internalErrors.get();
    }
}
