package dev.exengine.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StandbyLagTest
{
    @Test
    void shouldBeZeroWhileTheStandbyHasWhatThePrimaryWasLastHeardToHave()
    {
        final StandbyLag lag = new StandbyLag();
        assertEquals(0, lag.lagNanos(10, 10, 1_000));
        assertEquals(0, lag.lagNanos(10, 12, 2_000));
    }

    @Test
    void shouldCountFromWhenTheOldestRecordTheStandbyLacksWasFirstSeen()
    {
        final StandbyLag lag = new StandbyLag();
        assertEquals(0, lag.lagNanos(10, 5, 100), "just seen");
        assertEquals(500, lag.lagNanos(10, 5, 600));
        assertEquals(600, lag.lagNanos(20, 8, 700), "record 10, seen at 100, is still missing");
        assertEquals(200, lag.lagNanos(20, 12, 900), "record 10 arrived; 20 was first seen at 700");
        assertEquals(0, lag.lagNanos(20, 20, 1_000));
    }

    @Test
    void shouldKeepTheOldestWhenMoreEndsAreSeenThanItRemembers()
    {
        final StandbyLag lag = new StandbyLag();
        for (int i = 1; i <= 1_000; i++)
        {
            lag.lagNanos(i, 0, i);
        }
        assertEquals(1_999, lag.lagNanos(1_000, 0, 2_000), "the first end is kept: the lag reads from it");
        assertEquals(0, lag.lagNanos(1_000, 1_000, 2_001));
    }
}
