package dev.exengine.replication;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The primary's release policy for its standbys, on a clock the test turns: what a primary in replicated durability
 * may release while a standby keeps up, falls behind, is gone for longer than the fallback allows, and catches up
 * again; and the lag it reports.
 */
class StandbyWatchTest
{
    private static final long MS = 1_000_000L;
    private static final long START = 1_000 * MS;
    private static final long EPOCH_NANOS = 1_700_000_000_000L * MS;

    @Test
    void repliesWaitForTheStandbysAcknowledgement()
    {
        final StandbyWatch watch = new StandbyWatch(settings(ReplicationSettings.StandbyLossPolicy.WAIT), 10, START);
        assertEquals(10, watch.releasableThrough(), "what was journaled before the start waits for no one");

        shipAndWatch(watch, 11, 20, START + MS);
        assertEquals(10, watch.releasableThrough());
        assertTrue(watch.acknowledged(15), "what may be released advanced: the engine is woken");
        watch.watch(true, true, 20, START + 2 * MS, EPOCH_NANOS);
        assertEquals(15, watch.releasableThrough());
        assertEquals(15, watch.standbyAcked());
        assertFalse(watch.acknowledged(12));
        assertEquals(15, watch.standbyAcked(), "an older acknowledgement (another standby's) takes nothing back");
    }

    @Test
    void waitPolicyNeverReleasesWhatNoStandbyHas()
    {
        final StandbyWatch watch = fiveShippedNoneAcknowledged(ReplicationSettings.StandbyLossPolicy.WAIT);
        watch.watch(true, true, 5, START + 3_600_000 * MS, EPOCH_NANOS);

        assertEquals(0, watch.releasableThrough(), "an hour without a standby still releases nothing");
        assertFalse(watch.releasesLocally());
    }

    @Test
    void fallbackReleasesLocallyOnlyAfterItsDelayAndWaitsAgainOnceAStandbyCatchesUp()
    {
        final StandbyWatch watch = fiveShippedNoneAcknowledged(ReplicationSettings.StandbyLossPolicy.FALLBACK);

        watch.watch(true, true, 5, START + 2_000 * MS, EPOCH_NANOS);
        assertEquals(0, watch.releasableThrough(), "2 s behind: within the 3 s fallback delay");

        assertTrue(watch.watch(true, true, 5, START + 3_001 * MS, EPOCH_NANOS), "the fallback began: wake the engine");
        assertTrue(watch.releasesLocally());
        assertFalse(watch.watch(true, true, 5, START + 3_002 * MS, EPOCH_NANOS), "it began once");
        assertEquals(Long.MAX_VALUE, watch.releasableThrough(), "past the delay: released on local durability");

        watch.acknowledged(4);
        watch.watch(true, true, 5, START + 4_000 * MS, EPOCH_NANOS);
        assertTrue(watch.releasesLocally(), "a standby one record short has not caught up");

        watch.acknowledged(5);
        watch.watch(true, true, 5, START + 4_001 * MS, EPOCH_NANOS);
        assertFalse(watch.releasesLocally());
        assertEquals(5, watch.releasableThrough(), "caught up: replies wait for it again");

        shipAndWatch(watch, 6, 6, START + 5_000 * MS);
        watch.watch(true, true, 6, START + 7_000 * MS, EPOCH_NANOS);
        assertEquals(5, watch.releasableThrough(), "the delay counts again from the last time it was caught up");
    }

    @Test
    void theFallbackDelayDoesNotRunInADurabilityThatWaitsForNoStandby()
    {
        final StandbyWatch watch = fiveShippedNoneAcknowledged(ReplicationSettings.StandbyLossPolicy.FALLBACK);
        watch.watch(true, false, 5, START + 60_000 * MS, EPOCH_NANOS);

        assertFalse(watch.releasesLocally(), "no alarm where replies never waited");
    }

    @Test
    void lagIsTheAgeOfTheOldestRecordNoStandbyHasAcknowledged()
    {
        final StandbyWatch watch = new StandbyWatch(settings(ReplicationSettings.StandbyLossPolicy.WAIT), 0, START);
        watch.shipped(1, EPOCH_NANOS - 70 * MS);
        watch.shipped(2, EPOCH_NANOS - 30 * MS);
        watch.watch(true, true, 2, START, EPOCH_NANOS);
        assertEquals(70 * MS, watch.lagNanos());

        watch.acknowledged(1);
        watch.watch(true, true, 2, START, EPOCH_NANOS);
        assertEquals(30 * MS, watch.lagNanos());

        watch.acknowledged(2);
        watch.watch(true, true, 2, START, EPOCH_NANOS);
        assertEquals(0, watch.lagNanos());
    }

    @Test
    void aStandbyWaitsForNoOneAndStartsFromItsOwnJournalOncePromoted()
    {
        final StandbyWatch watch = new StandbyWatch(settings(ReplicationSettings.StandbyLossPolicy.FALLBACK), 0,
            START);
        watch.watch(false, true, 40, START + 60_000 * MS, EPOCH_NANOS);

        assertEquals(40, watch.releasableThrough());
        assertEquals(0, watch.lagNanos());
        assertFalse(watch.releasesLocally());

        watch.watch(true, true, 41, START + 61_000 * MS, EPOCH_NANOS);
        assertEquals(40, watch.releasableThrough(), "promoted: its first own record waits for a standby");
        assertFalse(watch.releasesLocally(), "the fallback delay counts from the promotion, not from the start");
    }

    private static StandbyWatch fiveShippedNoneAcknowledged(final ReplicationSettings.StandbyLossPolicy policy)
    {
        final StandbyWatch watch = new StandbyWatch(settings(policy), 0, START);
        shipAndWatch(watch, 1, 5, START);
        return watch;
    }

    private static void shipAndWatch(final StandbyWatch watch, final long from, final long to, final long nowNanos)
    {
        for (long sequence = from; sequence <= to; sequence++)
        {
            watch.shipped(sequence, EPOCH_NANOS);
        }
        watch.watch(true, true, to, nowNanos, EPOCH_NANOS);
    }

    private static ReplicationSettings settings(final ReplicationSettings.StandbyLossPolicy policy)
    {
        return new ReplicationSettings(null, null, "repl", null, null, List.of(), policy, Duration.ofSeconds(3),
            Duration.ofMillis(100), Duration.ofSeconds(1));
    }
}
