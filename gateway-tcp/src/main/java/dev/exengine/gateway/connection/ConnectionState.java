package dev.exengine.gateway.connection;

/**
 * Where a connection is in the SoupBinTCP life cycle.
 * <pre>
 * AWAITING_LOGIN ──Login Request──> AUTHENTICATING ──ok──> ACTIVE
 *        │   └───── Login Rejected ───────┴────────┐        │ Logout, abuse, slow reader
 *        │                                         v        v
 *        │                                         CLOSING ──written and closed by the client, or timeout──> CLOSED
 *        └─── timeout, protocol violation, broken socket (from any state) ──────────────────────────────────> CLOSED
 * </pre>
 */
public enum ConnectionState
{
    /** Connected; only a Login Request (or Debug) is allowed. */
    AWAITING_LOGIN,
    /** The password is being checked off the gateway's thread; further input waits in the receive buffer. */
    AUTHENTICATING,
    /** Logged in: sequenced data flows out, unsequenced data and heartbeats flow in. */
    ACTIVE,
    /**
     * Ended by the server: what was queued is written, then the server's side is shut, and what the client still
     * sends is read and dropped until it closes or the close timeout passes.
     */
    CLOSING,
    /** Finished; the socket is closed. */
    CLOSED
}
