package dev.exengine.gateway;

/**
 * What the gateway counts for operators ({@link GatewayStats}).
 */
public enum GatewayCounter
{
    /** Logins accepted. */
    LOGINS,
    /** Logins answered with Login Rejected: a wrong name or password, a throttled address, an unknown session. */
    REJECTED_LOGINS,
    /** Sessions ended for breaking SoupBinTCP (bad length, unknown or misplaced packet type). */
    PROTOCOL_VIOLATIONS,
    /** Well-framed application messages that could not be decoded, answered with ProtocolReject (unsequenced). */
    PROTOCOL_REJECTS,
    /** Sessions ended for sending more undecodable messages within a window than allowed. */
    UNDECODABLE_DISCONNECTS,
    /** Commands for an account the user may not trade, or admin commands from a non-admin. */
    NOT_AUTHORIZED,
    /** Messages beyond a session's rate limit. */
    THROTTLED,
    /** Sessions ended for being throttled too often. */
    ABUSE_DISCONNECTS,
    /** Sessions ended because the client stopped reading and its send buffer filled. */
    SLOW_CONSUMER_DISCONNECTS,
    /** Sessions ended by the login timeout or the client's silence. */
    TIMEOUTS,
    /** Commands the engine refused (busy, halted, closed). */
    ENGINE_REJECTS,
    /**
     * Connections refused at accept: the table, the room for connections not logged in, or the address's share of it
     * was full, and no idle connection could be shed to make room.
     */
    REFUSED_CONNECTIONS,
    /**
     * Connections that had not logged in, closed to make room for a new one (the oldest idle first: awaiting a Login
     * Request, or answered with Login Rejected).
     */
    SHED_CONNECTIONS,
    /** Unexpected failures caught by the gateway's duty cycle; should stay 0. */
    INTERNAL_ERRORS
}
