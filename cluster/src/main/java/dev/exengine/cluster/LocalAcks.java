package dev.exengine.cluster;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How a member's own ingress learns that its commands are applied: the member's service tells it the last sequence it
 * took (or dropped as a duplicate) from the ingress's client id. The member applies only what the cluster committed, so
 * what it applied is in the log of a majority; and the member's gateway derives its users' streams from this same
 * service, so "applied here" is exactly when a client's answer can come. One writer (the service's thread), one reader
 * (the ingress's thread).
 */
public final class LocalAcks
{
    private volatile long clientId;
    private final AtomicLong appliedThrough = new AtomicLong();

    /** From now on, reports the sequences of this client id; call before it sends anything. */
    void watch(final long clientId)
    {
        appliedThrough.set(0);
        this.clientId = clientId;
    }

    /** On the service's thread: the client's last sequence in the log through the message just taken. */
    void onClient(final long clientId, final long lastSequence)
    {
        if (clientId == this.clientId && lastSequence > appliedThrough.get())
        {
            appliedThrough.lazySet(lastSequence);
        }
    }

    /** The last sequence of the watched client that the service has taken. */
    long appliedThrough()
    {
        return appliedThrough.get();
    }
}
