package dev.exengine.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeCoreReplayTest
{
    @Test
    void shouldMakeTheEnginesTradesTradeByTradeOnOneInstrument()
    {
        final ExchangeCoreReplay replay = checked(OrderFlow.Scenario.ONE_INSTRUMENT, 200_000);
        assertTrue(replay.selfTradeCancels() > 0, "the flow meets self-trade prevention, which the peer lacks");
    }

    @Test
    void shouldMakeTheEnginesTradesTradeByTradeOnAHundredInstruments()
    {
        checked(OrderFlow.Scenario.HUNDRED_INSTRUMENTS, 100_000);
    }

    @Test
    void shouldReplayTheStreamAgainAfterAReset()
    {
        final OrderFlow.Recorded flow = OrderFlow.record(OrderFlow.Scenario.ONE_INSTRUMENT, 50_000);
        final ExchangeCoreReplay replay = ExchangeCoreReplay.of(flow);
        replay.reset();
        long events = 0;
        for (int i = 0; i < flow.stream.length(); i++)
        {
            events += replay.apply(i);
        }
        assertNull(replay.firstDepthDifference());
        assertTrue(events > flow.stream.length() / 10, "trades, cancels and IOC remainders: " + events);
    }

    private static ExchangeCoreReplay checked(final OrderFlow.Scenario scenario, final int length)
    {
        final OrderFlow.Recorded flow = OrderFlow.record(scenario, length);
        final ExchangeCoreReplay replay = ExchangeCoreReplay.of(flow);
        final Fills peer = replay.run();
        assertNull(replay.engineFills().firstDifference(peer));
        assertEquals(flow.stats.trades, peer.size());
        assertNull(replay.firstDepthDifference());
        return replay;
    }
}
