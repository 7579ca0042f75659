package dev.exengine.gateway.server;

import java.util.concurrent.atomic.AtomicLong;

/** The gateway's operator counters: written by the server thread, readable from any thread. */
public final class GatewayStats
{
    final AtomicLong logins = new AtomicLong();
    final AtomicLong rejectedLogins = new AtomicLong();
    final AtomicLong protocolViolations = new AtomicLong();
    final AtomicLong protocolRejects = new AtomicLong();
    final AtomicLong notAuthorized = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong abuseDisconnects = new AtomicLong();
    final AtomicLong slowConsumerDisconnects = new AtomicLong();
    final AtomicLong timeouts = new AtomicLong();
    final AtomicLong engineRejects = new AtomicLong();
    final AtomicLong refusedConnections = new AtomicLong();
    final AtomicLong internalErrors = new AtomicLong();
    volatile int connections;

    public long logins()
    {
        return logins.get();
    }

    public long rejectedLogins()
    {
        return rejectedLogins.get();
    }

    /** Sessions ended for breaking SoupBinTCP (bad length, unknown or misplaced packet type). */
    public long protocolViolations()
    {
        return protocolViolations.get();
    }

    /** Well-framed application messages that could not be decoded (answered with ProtocolReject). */
    public long protocolRejects()
    {
        return protocolRejects.get();
    }

    public long notAuthorized()
    {
        return notAuthorized.get();
    }

    public long throttled()
    {
        return throttled.get();
    }

    public long abuseDisconnects()
    {
        return abuseDisconnects.get();
    }

    public long slowConsumerDisconnects()
    {
        return slowConsumerDisconnects.get();
    }

    public long timeouts()
    {
        return timeouts.get();
    }

    public long engineRejects()
    {
        return engineRejects.get();
    }

    public long refusedConnections()
    {
        return refusedConnections.get();
    }

    /** Unexpected failures caught by the server loop; should stay 0. */
    public long internalErrors()
    {
        return internalErrors.get();
    }
}
