package dev.exengine.gateway.login;

import dev.exengine.gateway.GatewayAudit;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.GatewayMetrics;
import dev.exengine.gateway.GatewayMetrics.LoginOutcome;
import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.connection.ConnectionState;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.intake.TokenBucket;
import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.gateway.stream.UserStreams;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;

/**
 * How a connection logs in. A Login Request is decoded and checked against the address's failed logins
 * ({@link LoginThrottle}); its password is checked off the gateway's thread ({@link PasswordCheck}), the connection
 * reading nothing meanwhile. Then the login is accepted, positioned in the user's stream at the sequence number it
 * asked for (or the stream's end) and subscribed to it, or rejected. Owned by the gateway's thread; a login allocates
 * (the password, the outcome, the connection's send buffer), nothing else does.
 */
public final class LoginFlow implements AutoCloseable
{
    private static final String NOT_SERVING = "session not available: this node is a standby, or fenced";

    private final GatewayConfig config;
    private final UserDirectory users;
    private final GatewayMetrics metrics;
    private final GatewayAudit audit;
    private final Connections connections;
    private final UserStreams streams;
    private final LoginRequest request = new LoginRequest();
    private final LoginThrottle throttle;
    private final PasswordCheck passwordCheck;
    /** False on a standby and a fenced node: every login is answered Login Rejected 'S', unchecked. */
    private volatile boolean servingLogins = true;

    /**
     * @param wakeGateway called on the password check's thread when an outcome is ready.
     */
    public LoginFlow(
        final GatewayConfig config, final GatewayMetrics metrics, final GatewayAudit audit, final Connections connections,
        final UserStreams streams, final Runnable wakeGateway)
    {
        this.config = config;
        this.users = config.users();
        this.metrics = metrics;
        this.audit = audit;
        this.connections = connections;
        this.streams = streams;
        this.throttle = new LoginThrottle(config.maxFailedLogins(), config.failedLoginWindowMillis(), 100_000);
        this.passwordCheck = new PasswordCheck(users, wakeGateway, "exengine-gateway-auth");
    }

    /**
     * Takes a Login Request: ends the connection when it is not one (its length is neither form's); rejected at once
     * when a number in it does not read or when it comes from an address that failed too often; otherwise its
     * password goes to be checked and the connection stops reading until the outcome is in.
     */
    public void begin(
        final Connection connection, final DirectBuffer buffer, final int offset, final int length,
        final long nowMillis)
    {
        if (!request.decode(buffer, offset, length))
        {
            connections.violation(connection, "malformed login request");
            return;
        }
        connection.requestedUser(request.username());
        if (!servingLogins)
        {
            // A standby (or a fenced former primary): the client moves on to the primary.
            reject(connection, SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, LoginOutcome.UNAVAILABLE, NOT_SERVING, nowMillis);
            return;
        }
        if (!throttle.allows(connection.remoteAddress(), nowMillis))
        {
            audit.loginThrottled(connection, config.maxFailedLogins(), config.failedLoginWindowMillis(),
                nowMillis);
            reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, LoginOutcome.THROTTLED, null, nowMillis);
            return;
        }
        // A number that does not read is refused like a wrong password (SoupBinTCP has no other reason), unchecked.
        if (!request.numbersReadable())
        {
            reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, LoginOutcome.REJECTED,
                "unreadable number in the login request", nowMillis);
            return;
        }
        if (!passwordCheck.submit(connection, users.user(request.username()), request.password().toCharArray(),
            request.requestedSession(), request.requestedSequenceNumber(), request.heartbeatTimeoutMillis()))
        {
            reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, LoginOutcome.REJECTED,
                "too many logins waiting for their password check", nowMillis);
            return;
        }
        connection.authenticating();
        connections.pauseReading(connection);
    }

    /**
     * Whether logins are served: a standby answers each with Login Rejected 'S' (session not available), so that a
     * client moves on to the primary. Safe from any thread.
     */
    public void servingLogins(final boolean serving)
    {
        servingLogins = serving;
    }

    /** @return true while checked logins wait to be completed. */
    public boolean hasOutcomes()
    {
        return passwordCheck.hasOutcomes();
    }

    /**
     * Completes the logins whose passwords have been checked.
     *
     * @return how many were completed.
     */
    public int complete(final long nowMillis, final long nowNanos)
    {
        int count = 0;
        PasswordCheck.Outcome outcome;
        while ((outcome = passwordCheck.poll()) != null)
        {
            count++;
            complete(outcome, nowMillis, nowNanos);
        }
        return count;
    }

    @Override
    public void close()
    {
        passwordCheck.close();
    }

    private void complete(final PasswordCheck.Outcome outcome, final long nowMillis, final long nowNanos)
    {
        final Connection connection = outcome.connection();
        if (outcome.user() == null)
        {
            // A wrong password counts against its address also when the connection ended while it was checked.
            throttle.onFailure(connection.remoteAddress(), nowMillis);
            final String reason = users.user(connection.requestedUser()) == null ? "unknown user" : "wrong password";
            if (connection.state() == ConnectionState.AUTHENTICATING)
            {
                reject(connection, SoupBinTcp.REJECT_NOT_AUTHORIZED, LoginOutcome.REJECTED, reason, nowMillis);
            }
            else
            {
                audit.loginRejected(connection, reason + " (the connection had ended)", nowMillis);
            }
            return;
        }
        if (connection.state() != ConnectionState.AUTHENTICATING)
        {
            return;
        }
        if (!servingLogins)
        {
            reject(connection, SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, LoginOutcome.UNAVAILABLE, NOT_SERVING, nowMillis);
            return;
        }
        throttle.onSuccess(connection.remoteAddress());
        if (!outcome.requestedSession().isEmpty() && !outcome.requestedSession().equals(streams.sessionId()))
        {
            reject(connection, SoupBinTcp.REJECT_SESSION_NOT_AVAILABLE, LoginOutcome.UNAVAILABLE, "asked for session '" +
                outcome.requestedSession() + "', not the current '" + streams.sessionId() + "'", nowMillis);
            return;
        }
        final User user = outcome.user();
        final OutboundStore store = streams.store(user);
        final long next = store.nextSequence();
        // 0 means "only new messages"; a number beyond the stream starts at its end: Login Accepted says where.
        final long start = outcome.requestedSequence() == 0 || outcome.requestedSequence() > next ?
            next : outcome.requestedSequence();
        final long clientTimeout = outcome.heartbeatTimeoutMillis() == 0 ? config.clientTimeoutMillis() :
            Math.max(config.heartbeatIntervalMillis(),
                Math.min(outcome.heartbeatTimeoutMillis(), config.clientTimeoutMillis()));
        connection.loginAccepted(user, store, streams.sessionId(), start, clientTimeout,
            new TokenBucket(config.commandsPerSecond(), config.commandBurst(), nowNanos), nowMillis);
        connection.received(nowMillis);
        streams.subscribe(connection);
        metrics.login(LoginOutcome.ACCEPTED);
        connections.countSessions();
        audit.loginAccepted(connection, streams.sessionId(), start, nowMillis);
        connections.resumeReading(connection);
        if (connection.reader().pending() > 0)
        {
            connections.dispatch(connection);
        }
    }

    /** @param why for the audit log; null when it has a line about this login already. */
    private void reject(
        final Connection connection, final byte reason, final LoginOutcome outcome, final String why,
        final long nowMillis)
    {
        metrics.login(outcome);
        if (why != null)
        {
            audit.loginRejected(connection, why, nowMillis);
        }
        connection.loginRejected(reason, nowMillis);
        connections.disconnect(connection, DisconnectReason.LOGIN_REJECTED, "login rejected '" + (char)reason + "'",
            nowMillis);
    }
}
