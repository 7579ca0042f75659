package dev.exengine.gateway.feed;

import dev.exengine.gateway.connection.Connection;

import java.util.Arrays;

/**
 * One logged-in feed subscriber: its connection, and where it stands in what it is owed beside the sequenced feed (the
 * connection itself knows its place in that): the snapshot it is being sent, or, for the price-level view, the version
 * of each instrument's levels it has. Owned by the market-data thread.
 */
final class Subscriber
{
    private final Connection connection;
    private final boolean priceLevels;
    private FeedSnapshot snapshot;
    private int snapshotPosition;
    /** The least it has been behind the feed's end since it subscribed: how far it has caught up. */
    private long leastLag = Long.MAX_VALUE;
    private long[] levelsSent = new long[16];

    Subscriber(final Connection connection, final boolean priceLevels, final FeedSnapshot snapshot)
    {
        this.connection = connection;
        this.priceLevels = priceLevels;
        this.snapshot = snapshot;
    }

    Connection connection()
    {
        return connection;
    }

    /** Whether it takes the conflated price levels instead of the feed. */
    boolean priceLevels()
    {
        return priceLevels;
    }

    /** The snapshot still being sent to it, or null: the sequenced feed waits until it is all queued. */
    FeedSnapshot snapshot()
    {
        return snapshot;
    }

    /**
     * Queues as much of its snapshot as its send buffer takes, whole packets only.
     *
     * @return whether anything was queued.
     */
    boolean sendSnapshot(final long nowMillis)
    {
        final int length = snapshot.wholePackets(snapshotPosition, connection.sendRoom());
        if (length == 0 || !connection.offerFramed(snapshot.packets(), snapshotPosition, length, nowMillis))
        {
            return false;
        }
        snapshotPosition += length;
        if (snapshotPosition == snapshot.length())
        {
            snapshot = null;
        }
        return true;
    }

    /**
     * Whether it fell more than {@code maxLag} messages further behind the feed's end than it has been at its closest
     * since it subscribed. One that asked for old messages is behind by its choice, and may catch up at its pace; one
     * that stops keeping up is not.
     *
     * @param lag how far behind it is now.
     */
    boolean fellBehind(final long lag, final long maxLag)
    {
        leastLag = Math.min(leastLag, lag);
        return lag - leastLag > maxLag;
    }

    /** The version of the instrument's price levels it was sent last; 0 for none. */
    long levelsSent(final int slot)
    {
        return slot < levelsSent.length ? levelsSent[slot] : 0;
    }

    void levelsSent(final int slot, final long version)
    {
        if (slot >= levelsSent.length)
        {
            levelsSent = Arrays.copyOf(levelsSent, Math.max(slot + 1, 2 * levelsSent.length));
        }
        levelsSent[slot] = version;
    }
}
