package dev.exengine.gateway.connection;

/**
 * Where a connection is in the SoupBinTCP life cycle.
 * <pre>
 * AWAITING_LOGIN ──Login Request──> AUTHENTICATING ──ok──> ACTIVE ──Logout/timeout/violation──> CLOSED
 *        └──────── login timeout, bad packet ──────────────┴── rejected ─────────────────────────────┘
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
    /** Finished; the socket is closed or closes once the pending output is written. */
    CLOSED
}
