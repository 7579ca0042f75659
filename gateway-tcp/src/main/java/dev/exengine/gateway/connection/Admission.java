package dev.exengine.gateway.connection;

import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Who gets in when connections come faster than they log in, and who makes room for them. The connections that have
 * not logged in are kept here in the order they came. Room is kept for the sessions: of the table's
 * {@link GatewayConfig#maxConnections()}, at most {@link GatewayConfig#maxUnauthenticated()} are connections not logged
 * in, and at most {@link GatewayConfig#maxUnauthenticatedPerAddress()} of those awaiting or having a login checked come
 * from one address. A new connection that would go beyond a limit takes the place of the oldest idle connection not
 * logged in (the oldest of its own address when that address's limit is the one reached): idle meaning awaiting its
 * Login Request, or answered with Login Rejected and waiting for the client to close. A login whose password is being
 * checked is never shed, nor a session that logged in; only when nothing can be shed is the new connection refused.
 *
 * <p>Why the oldest: a client that means to log in sends its Login Request as soon as it has connected, so the
 * connection that has waited longest is the least likely to. Under a flood a newcomer has as long to send its login
 * as the flood takes to bring {@code maxUnauthenticated} more connections, and the table never fills with
 * connections that do not log in.
 *
 * <p>What is shed and refused is counted (a shed connection's end as {@link DisconnectReason#SHED}, a refusal by
 * the limit it met, {@link GatewayMetrics#shed}) and logged at WARNING, the first at once and the rest summed up at most
 * once per {@link #REPORT_INTERVAL_MILLIS}. Owned by the gateway's thread; allocates nothing once its list has grown
 * to the limit (a report's text allocates).
 */
final class Admission
{
    private static final System.Logger LOG = System.getLogger(Admission.class.getName());
    /** The least time between two reports of shed and refused connections. */
    static final long REPORT_INTERVAL_MILLIS = 10_000;

    private final GatewayMetrics metrics;
    private final GatewayAudit audit;
    private final List<Connection> open;
    private final int maxConnections;
    private final int maxUnauthenticated;
    private final int maxPerAddress;
    /**
     * The open connections that have not logged in, oldest first; one that logged in since it came is dropped at the
     * next look ({@link #dropLoggedIn}), whichever server logged it in.
     */
    private final List<Connection> notLoggedIn = new ArrayList<>();
    private long shedSinceReport;
    private long refusedSinceReport;
    /** How long the connection shed last had waited without logging in; the youngest shed since the report. */
    private long youngestShedMillis = Long.MAX_VALUE;
    private long nextReportMillis = Long.MIN_VALUE;

    /**
     * @param open the table of open connections, every state, which the caller keeps.
     */
    Admission(final GatewayConfig config, final GatewayMetrics metrics, final GatewayAudit audit,
        final List<Connection> open)
    {
        this.metrics = metrics;
        this.audit = audit;
        this.open = open;
        this.maxConnections = config.maxConnections();
        this.maxUnauthenticated = Math.min(config.maxUnauthenticated(), config.maxConnections());
        this.maxPerAddress = config.maxUnauthenticatedPerAddress();
    }

    /**
     * The connection to shed first so that one more from {@code address} fits: when a limit is reached, the oldest
     * idle connection not logged in (of that address, when its limit is the one); shed it and ask again.
     *
     * @return null when one more fits, or when nothing can be shed to make it fit ({@link #admits} says which).
     */
    Connection toShed(final String address)
    {
        dropLoggedIn();
        if (awaitingOrCheckedFrom(address) >= maxPerAddress)
        {
            return oldestAwaitingFrom(address);
        }
        if (notLoggedIn.size() >= maxUnauthenticated || open.size() >= maxConnections)
        {
            return oldestIdle();
        }
        return null;
    }

    /** @return true when a connection from {@code address} fits within every limit now. */
    boolean admits(final String address)
    {
        dropLoggedIn();
        return open.size() < maxConnections && notLoggedIn.size() < maxUnauthenticated &&
            awaitingOrCheckedFrom(address) < maxPerAddress;
    }

    /** A new connection came in; it has not logged in. */
    void admitted(final Connection connection)
    {
        notLoggedIn.add(connection);
    }

    /** The connection ended: it takes none of the room for connections not logged in any more. */
    void forget(final Connection connection)
    {
        notLoggedIn.remove(connection);
    }

    /** @return open connections that have not logged in. */
    int notLoggedIn()
    {
        dropLoggedIn();
        return notLoggedIn.size();
    }

    /** Reports a connection the caller has just shed (its end counted it) when a report is due. */
    void shed(final Connection connection, final long nowMillis)
    {
        shedSinceReport++;
        audit.connectionShed(connection.remoteAddress(), "shed to make room: it had not logged in after " +
            (nowMillis - connection.connectedAtMillis()) + " ms", nowMillis);
        youngestShedMillis = Math.min(youngestShedMillis, nowMillis - connection.connectedAtMillis());
        report(nowMillis);
    }

    /** Counts a connection from {@code address} refused (the caller closes it) and reports it when a report is due. */
    void refused(final String address, final long nowMillis)
    {
        dropLoggedIn();
        final GatewayMetrics.ShedLimit limit = open.size() >= maxConnections ?
            GatewayMetrics.ShedLimit.MAX_CONNECTIONS : notLoggedIn.size() >= maxUnauthenticated ? GatewayMetrics.ShedLimit.MAX_UNAUTHENTICATED :
            GatewayMetrics.ShedLimit.MAX_UNAUTHENTICATED_PER_ADDRESS;
        metrics.shed(limit);
        audit.connectionShed(address, "refused at accept: the limit " + limit + " is reached and nothing can be shed",
            nowMillis);
        refusedSinceReport++;
        report(nowMillis);
    }

    /**
     * Logs what was shed and refused since the last report, if anything was and the last report is
     * {@link #REPORT_INTERVAL_MILLIS} old.
     *
     * @return 1 when it logged, else 0.
     */
    int report(final long nowMillis)
    {
        if ((shedSinceReport == 0 && refusedSinceReport == 0) || nowMillis < nextReportMillis)
        {
            return 0;
        }
        dropLoggedIn();
        LOG.log(System.Logger.Level.WARNING, "connections under pressure: shed " + shedSinceReport +
            " that had not logged in" + (shedSinceReport > 0 ? " (the youngest after " + youngestShedMillis + " ms)" : "") +
            " and refused " + refusedSinceReport + "; " + open.size() + " of " + maxConnections + " open, " +
            notLoggedIn.size() + " of " + maxUnauthenticated + " not logged in (reported at most every " +
            REPORT_INTERVAL_MILLIS / 1_000 + " s)");
        shedSinceReport = 0;
        refusedSinceReport = 0;
        youngestShedMillis = Long.MAX_VALUE;
        nextReportMillis = nowMillis + REPORT_INTERVAL_MILLIS;
        return 1;
    }

    /** Drops the connections that have logged in since they came: they take a place of the sessions now. */
    private void dropLoggedIn()
    {
        for (int i = notLoggedIn.size() - 1; i >= 0; i--)
        {
            if (notLoggedIn.get(i).hasLoggedIn())
            {
                notLoggedIn.remove(i);
            }
        }
    }

    /** Connections from the address awaiting a login or having one checked: what its limit counts. */
    private int awaitingOrCheckedFrom(final String address)
    {
        int count = 0;
        for (int i = 0; i < notLoggedIn.size(); i++)
        {
            final Connection connection = notLoggedIn.get(i);
            if (connection.isLoggingIn() && connection.remoteAddress().equals(address))
            {
                count++;
            }
        }
        return count;
    }

    /** The address's oldest connection awaiting its Login Request (one being checked is not shed). */
    private Connection oldestAwaitingFrom(final String address)
    {
        for (int i = 0; i < notLoggedIn.size(); i++)
        {
            final Connection connection = notLoggedIn.get(i);
            if (connection.state() == ConnectionState.AWAITING_LOGIN && connection.remoteAddress().equals(address))
            {
                return connection;
            }
        }
        return null;
    }

    /** The oldest connection awaiting its Login Request or closing after Login Rejected. */
    private Connection oldestIdle()
    {
        for (int i = 0; i < notLoggedIn.size(); i++)
        {
            final Connection connection = notLoggedIn.get(i);
            if (connection.state() != ConnectionState.AUTHENTICATING)
            {
                return connection;
            }
        }
        return null;
    }
}
