package dev.exengine.gateway.connection;

/**
 * Why a connection ended, as operators count it ({@code exengine_disconnects_total}): once per connection, when its
 * session ends (a graceful end that writes what is queued first counts when it begins).
 */
public enum DisconnectReason
{
    /** The client sent Logout Request. */
    LOGOUT,
    /** The client closed the connection. */
    PEER_CLOSED,
    /** The login was answered Login Rejected. */
    LOGIN_REJECTED,
    /** No Login Request within the login timeout. */
    LOGIN_TIMEOUT,
    /** A logged-in client fell silent past its heartbeat timeout. */
    IDLE_TIMEOUT,
    /** The client broke SoupBinTCP: a bad length, an unknown or misplaced packet type, a malformed login. */
    PROTOCOL_VIOLATION,
    /** Throttled too often within the window. */
    ABUSE,
    /** Sent more undecodable messages within the window than allowed ({@code gateway.max-undecodable}). */
    UNDECODABLE,
    /**
     * Closed before it logged in, to make room for a new connection while connections come faster than they log in
     * (the oldest idle first; {@code Admission}).
     */
    SHED,
    /** The client stopped reading and its send buffer filled. */
    SLOW_CONSUMER,
    /** A read from or a write to the socket failed. */
    IO_ERROR,
    /** The node was fenced: a newer primary exists. */
    FENCED,
    /** The server is shutting down. */
    SERVER_CLOSING,
    /** An unexpected failure while handling the connection. */
    INTERNAL_ERROR
}
