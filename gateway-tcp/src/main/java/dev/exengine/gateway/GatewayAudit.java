package dev.exengine.gateway;

import dev.exengine.gateway.connection.Connection;
import dev.exengine.logging.AuditEvent;
import dev.exengine.logging.AuditLog;

import java.util.logging.Level;

/**
 * The gateway's security-relevant events in the audit log ({@link AuditLog}): logins accepted and rejected (the user
 * asked for, the address, the reason), addresses throttled for failed logins, commands throttled, sessions ended for
 * abuse, for breaking SoupBinTCP or for not reading, connections shed at accept. Each kind is rate-limited on its own,
 * so that a flood of one leaves the log readable and the others in it. Called on the gateway's thread, beside the
 * counters ({@link GatewayStats}); an event held back allocates nothing.
 */
public final class GatewayAudit
{
    private static final long REPORT_PERIOD_MILLIS = 1_000;

    private final AuditLog log = new AuditLog();
    private final AuditEvent loginAccepted = log.event("login.accepted", Level.INFO);
    private final AuditEvent loginRejected = log.event("login.rejected", Level.WARNING);
    private final AuditEvent loginThrottled = log.event("login.throttled", Level.WARNING);
    private final AuditEvent commandThrottled = log.event("command.throttled", Level.WARNING);
    private final AuditEvent abuseDisconnect = log.event("abuse.disconnect", Level.WARNING);
    private final AuditEvent connectionShed = log.event("connection.shed", Level.WARNING);
    private final AuditEvent protocolViolation = log.event("protocol.violation", Level.WARNING);
    private final AuditEvent slowConsumer = log.event("slow-consumer.disconnect", Level.WARNING);
    private long nextReportMillis = Long.MIN_VALUE;

    public void loginAccepted(final Connection connection, final String session, final long fromSequence,
        final long nowMillis)
    {
        if (loginAccepted.admit(nowMillis))
        {
            loginAccepted.log("login accepted", "user", connection.user().name(), "address",
                connection.remoteAddress(), "session", session, "from", fromSequence);
        }
    }

    /** @param reason why, in words: "wrong password", "unknown user", "session not available (standby)". */
    public void loginRejected(final Connection connection, final String reason, final long nowMillis)
    {
        if (loginRejected.admit(nowMillis))
        {
            loginRejected.log("login rejected", "user", connection.requestedUser(), "address",
                connection.remoteAddress(), "reason", reason);
        }
    }

    /** A login refused unchecked: its address failed too many logins lately. */
    public void loginThrottled(final Connection connection, final int maxFailures, final long windowMillis,
        final long nowMillis)
    {
        if (loginThrottled.admit(nowMillis))
        {
            loginThrottled.log("login refused unchecked: the address failed too many logins", "user",
                connection.requestedUser(), "address", connection.remoteAddress(), "failures", (long)maxFailures,
                "window_ms", windowMillis);
        }
    }

    public void commandThrottled(final Connection connection, final long nowMillis)
    {
        if (commandThrottled.admit(nowMillis))
        {
            commandThrottled.log("command beyond the session's rate limit", "user", connection.user().name(),
                "address", connection.remoteAddress());
        }
    }

    public void abuseDisconnect(final Connection connection, final String reason, final long nowMillis)
    {
        if (abuseDisconnect.admit(nowMillis))
        {
            abuseDisconnect.log("session ended for abuse", "user", connection.user().name(), "address",
                connection.remoteAddress(), "reason", reason);
        }
    }

    /** @param address the refused connection's, or null when the socket would not say. */
    public void connectionShed(final String address, final String reason, final long nowMillis)
    {
        if (connectionShed.admit(nowMillis))
        {
            connectionShed.log("connection refused at accept", "address", address, "reason", reason);
        }
    }

    public void protocolViolation(final Connection connection, final String what, final long nowMillis)
    {
        if (protocolViolation.admit(nowMillis))
        {
            protocolViolation.log("session ended for breaking SoupBinTCP", "user", userOf(connection), "address",
                connection.remoteAddress(), "reason", what);
        }
    }

    public void slowConsumer(final Connection connection, final long nowMillis)
    {
        if (slowConsumer.admit(nowMillis))
        {
            slowConsumer.log("session ended: its send buffer is full, the client is not reading", "user",
                connection.user().name(), "address", connection.remoteAddress());
        }
    }

    /** Says, about once a second, what each kind held back, once it may log again. */
    public void tick(final long nowMillis)
    {
        if (nowMillis >= nextReportMillis)
        {
            nextReportMillis = nowMillis + REPORT_PERIOD_MILLIS;
            log.reportSuppressed(nowMillis);
        }
    }

    /** The user logged in as, else the name asked for; empty before a login request. */
    private static String userOf(final Connection connection)
    {
        return connection.user() != null ? connection.user().name() : connection.requestedUser();
    }
}
