package dev.exengine.replication;

import java.util.concurrent.TimeUnit;

/**
 * A primary's watch over its standbys: the newest journal sequence a standby has acknowledged, how far behind the
 * newest record shipped it is in time, and, in replicated durability, the operator's policy for a standby that is gone.
 * With {@link ReplicationSettings.StandbyLossPolicy#WAIT} replies wait for a standby however long it takes (and the log
 * says so every 10 s); with {@link ReplicationSettings.StandbyLossPolicy#FALLBACK}, once no standby has caught up for
 * longer than {@code fallbackAfter}, replies are released on local durability alone, with an alarm, until one has.
 *
 * <p>Only the replication thread writes (its time is passed in, so the policy is tested without one); any thread reads
 * {@link #releasableThrough()}, {@link #standbyAcked()} and {@link #lagNanos()}. Allocates nothing per record.
 */
final class StandbyWatch
{
    private static final System.Logger LOG = System.getLogger(StandbyWatch.class.getName());
    /** The timestamps of the last records shipped, by sequence: the lag is the age of the oldest unacknowledged. */
    private static final int LAG_RING = 1 << 16;

    private final ReplicationSettings settings;
    private final long[] shippedTimestamps = new long[LAG_RING];
    private volatile long standbyAcked;
    private volatile boolean releaseLocally;
    private volatile long lagNanos;
    private long caughtUpNanos;
    private long nextWaitLogNanos;

    /**
     * @param journalEnd what this node has journaled at its start: nothing before it waits for a standby.
     * @param nowNanos   the monotonic time now ({@link System#nanoTime()}).
     */
    StandbyWatch(final ReplicationSettings settings, final long journalEnd, final long nowNanos)
    {
        this.settings = settings;
        this.standbyAcked = journalEnd;
        this.caughtUpNanos = nowNanos;
    }

    /** @return through which journal sequence replies may be released: acknowledged, or all while falling back. */
    long releasableThrough()
    {
        return releaseLocally ? Long.MAX_VALUE : standbyAcked;
    }

    /** @return the newest journal sequence a standby has acknowledged. */
    long standbyAcked()
    {
        return standbyAcked;
    }

    /** @return how far, in time, the standby is behind the newest record shipped to it; 0 when caught up. */
    long lagNanos()
    {
        return lagNanos;
    }

    /** @return true while replies are released on local durability alone (FALLBACK after a standby's loss). */
    boolean releasesLocally()
    {
        return releaseLocally;
    }

    /** A record went to a standby; its timestamp (epoch nanoseconds) measures the lag while it is unacknowledged. */
    void shipped(final long sequence, final long timestamp)
    {
        shippedTimestamps[(int)(sequence & (LAG_RING - 1))] = timestamp;
    }

    /**
     * A standby has journaled through {@code sequence}.
     *
     * @return true when that moved what a standby has acknowledged (and so what may be released).
     */
    boolean acknowledged(final long sequence)
    {
        if (sequence <= standbyAcked)
        {
            return false;
        }
        standbyAcked = sequence;
        return true;
    }

    /**
     * Brings the lag and the release policy up to date, once per duty cycle.
     *
     * @param primary         whether this node is the primary (a standby waits for no one).
     * @param waitsForStandby whether replies wait for a standby (replicated durability).
     * @param journalEnd      the last journal sequence this node has journaled.
     * @param nowNanos        the monotonic time now.
     * @param nowEpochNanos   the wall-clock time now, in the records' timestamps' scale.
     * @return true when replies began to be released on local durability alone (FALLBACK) in this call.
     */
    boolean watch(final boolean primary, final boolean waitsForStandby, final long journalEnd, final long nowNanos,
        final long nowEpochNanos)
    {
        if (!primary)
        {
            // Nothing to wait for but what this node journals as a standby: once promoted, its standbys start there.
            standbyAcked = Math.max(standbyAcked, journalEnd);
            caughtUpNanos = nowNanos;
            lagNanos = 0;
            return false;
        }
        final long acked = standbyAcked;
        if (acked >= journalEnd)
        {
            lagNanos = 0;
            caughtUpNanos = nowNanos;
            if (releaseLocally)
            {
                releaseLocally = false;
                LOG.log(System.Logger.Level.WARNING, "a standby has caught up at journal sequence " + acked +
                    ": replies wait for it again (replicated durability)");
            }
            return false;
        }
        lagNanos = Math.max(0, nowEpochNanos - shippedTimestamps[(int)((acked + 1) & (LAG_RING - 1))]);
        final long behindNanos = nowNanos - caughtUpNanos;
        final long behind = journalEnd - acked;
        if (!waitsForStandby)
        {
            if (nowNanos >= nextWaitLogNanos && behindNanos > settings.peerTimeout().toNanos())
            {
                nextWaitLogNanos = nowNanos + TimeUnit.MINUTES.toNanos(1);
                LOG.log(System.Logger.Level.INFO, "no standby has caught up for " +
                    TimeUnit.NANOSECONDS.toSeconds(behindNanos) + " s (" + behind + " records behind); " +
                    "replies do not wait for one in this durability mode");
            }
            return false;
        }
        final boolean fallback = settings.onStandbyLoss() == ReplicationSettings.StandbyLossPolicy.FALLBACK;
        if (fallback && !releaseLocally && behindNanos > settings.fallbackAfter().toNanos())
        {
            releaseLocally = true;
            LOG.log(System.Logger.Level.ERROR, "ALARM: no standby has caught up for " +
                TimeUnit.NANOSECONDS.toMillis(behindNanos) + " ms (" + behind + " records not replicated): " +
                "releasing replies on local durability alone until one does");
            return true;
        }
        else if (nowNanos >= nextWaitLogNanos && behindNanos > settings.heartbeat().toNanos())
        {
            nextWaitLogNanos = nowNanos + TimeUnit.SECONDS.toNanos(10);
            LOG.log(System.Logger.Level.WARNING, (releaseLocally ? "ALARM: releasing on local durability; " : "") +
                "the standby is " + behind + " records behind (journal end " + journalEnd + ", acknowledged " +
                acked + ")" + (releaseLocally || fallback ? "" : "; replies in replicated durability WAIT for it"));
        }
        return false;
    }
}
