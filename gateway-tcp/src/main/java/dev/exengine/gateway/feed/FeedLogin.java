package dev.exengine.gateway.feed;

import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.connection.ConnectionState;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.login.LoginThrottle;
import dev.exengine.gateway.login.PasswordCheck;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.protocol.feed.FeedSession;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;

/**
 * How a feed subscriber logs in: with the feed's own read-only credentials, checked off the market-data thread like
 * the gateway's ({@link PasswordCheck}, {@link LoginThrottle}), or, where the configuration allows it, anonymously with
 * a blank user name and no check. The requested session picks the view (blank or the feed's id: the feed; "DEPTH":
 * the price levels; anything else: Login Rejected 'S'), the requested sequence number where the feed starts (0: a
 * snapshot first). Owned by the market-data thread; a login allocates, nothing else does.
 */
final class FeedLogin implements AutoCloseable
{
    private final FeedConfig config;
    private final GatewayConfig port;
    private final UserDirectory users;
    private final GatewayMetrics metrics;
    private final Connections connections;
    private final FeedStream stream;
    private final LoginRequest request = new LoginRequest();
    private final LoginThrottle throttle;
    private final PasswordCheck passwordCheck;

    FeedLogin(
        final FeedConfig config, final GatewayMetrics metrics, final Connections connections, final FeedStream stream,
        final Runnable wakeServer)
    {
        this.config = config;
        this.port = config.port();
        this.users = port.users();
        this.metrics = metrics;
        this.connections = connections;
        this.stream = stream;
        this.throttle = new LoginThrottle(port.maxFailedLogins(), port.failedLoginWindowMillis(), 100_000);
        this.passwordCheck = new PasswordCheck(users, wakeServer, "exengine-market-data-auth");
    }

    /**
     * Takes a Login Request: ends the connection when it is not one; accepts an anonymous one at once when allowed;
     * rejects one whose numbers do not read or whose address failed too often; else has the password checked.
     */
    void begin(final Connection connection, final DirectBuffer buffer, final int offset, final int length,
        final long nowMillis)
    {
        if (!request.decode(buffer, offset, length))
        {
            connections.violation(connection, "malformed login request");
            return;
        }
        if (!request.numbersReadable() || !throttle.allows(connection.remoteAddress(), nowMillis))
        {
            reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, nowMillis);
            return;
        }
        if (request.username().isEmpty())
        {
            if (config.anonymous())
            {
                accept(connection, null, request.requestedSession(), request.requestedSequenceNumber(),
                    request.heartbeatTimeoutMillis(), nowMillis);
            }
            else
            {
                throttle.onFailure(connection.remoteAddress(), nowMillis);
                reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, nowMillis);
            }
            return;
        }
        if (!passwordCheck.submit(connection, users.user(request.username()), request.password().toCharArray(),
            request.requestedSession(), request.requestedSequenceNumber(), request.heartbeatTimeoutMillis()))
        {
            reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, nowMillis);
            return;
        }
        connection.authenticating();
        connections.pauseReading(connection);
    }

    boolean hasOutcomes()
    {
        return passwordCheck.hasOutcomes();
    }

    /**
     * Completes the logins whose passwords have been checked.
     *
     * @return how many were completed.
     */
    int complete(final long nowMillis)
    {
        int count = 0;
        PasswordCheck.Outcome outcome;
        while ((outcome = passwordCheck.poll()) != null)
        {
            count++;
            final Connection connection = outcome.connection();
            if (outcome.user() == null)
            {
                throttle.onFailure(connection.remoteAddress(), nowMillis);
                if (connection.state() == ConnectionState.AUTHENTICATING)
                {
                    reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, nowMillis);
                }
            }
            else if (connection.state() == ConnectionState.AUTHENTICATING)
            {
                throttle.onSuccess(connection.remoteAddress());
                accept(connection, outcome.user(), outcome.requestedSession(), outcome.requestedSequence(),
                    outcome.heartbeatTimeoutMillis(), nowMillis);
                // It read nothing while its password was checked: what came meanwhile is handled now.
                connections.resumeReading(connection);
                if (!connection.isClosing() && connection.reader().pending() > 0)
                {
                    connections.dispatch(connection);
                }
            }
        }
        return count;
    }

    @Override
    public void close()
    {
        passwordCheck.close();
    }

    private void accept(
        final Connection connection, final User user, final String requestedSession, final long requestedSequence,
        final long heartbeatTimeoutMillis, final long nowMillis)
    {
        if (!requestedSession.isEmpty() && !requestedSession.equals(stream.sessionId()) &&
            !requestedSession.equals(FeedSession.PRICE_LEVELS))
        {
            reject(connection, SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, nowMillis);
            return;
        }
        final long clientTimeout = heartbeatTimeoutMillis == 0 ? port.clientTimeoutMillis() :
            Math.max(port.heartbeatIntervalMillis(), Math.min(heartbeatTimeoutMillis, port.clientTimeoutMillis()));
        stream.subscribe(connection, user, requestedSession, requestedSequence, clientTimeout, nowMillis);
        connection.received(nowMillis);
        metrics.login(GatewayMetrics.LoginOutcome.ACCEPTED);
        connections.countSessions();
    }

    private void reject(final Connection connection, final byte reason, final long nowMillis)
    {
        metrics.login(reason == SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE ? GatewayMetrics.LoginOutcome.UNAVAILABLE :
            GatewayMetrics.LoginOutcome.REJECTED);
        connection.loginRejected(reason, nowMillis);
        connections.disconnect(connection, DisconnectReason.LOGIN_REJECTED, "login rejected '" + (char)reason + "'",
            nowMillis);
    }
}
