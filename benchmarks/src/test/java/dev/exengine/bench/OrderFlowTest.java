package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.event.EventType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderFlowTest
{
    private static final int LENGTH = 200_000;
    private static OrderFlow.Recorded flow;

    @BeforeAll
    static void record()
    {
        flow = OrderFlow.record(OrderFlow.Scenario.ONE_INSTRUMENT, LENGTH);
        System.out.println(flow);
    }

    @Test
    void shouldGenerateTheExchangeCoreMix()
    {
        final OrderFlow.Stats stats = flow.stats;
        assertEquals(LENGTH, stats.commands);
        assertShare("new GTC", 0.09, stats.share(stats.newGtcPassive + stats.newGtcCrossing));
        assertShare("IOC", 0.03, stats.share(stats.ioc));
        assertShare("cancel", 0.06, stats.share(stats.cancels));
        assertShare("replace", 0.82, stats.share(stats.replaces));
        final double trading = stats.share(stats.tradingCommands);
        assertTrue(trading > 0.01 && trading < 0.08, "a few percent of commands trade: " + trading);
    }

    @Test
    void shouldPrefillAboutAThousandOrdersOnAboutFiveHundredLevels()
    {
        assertWithin("orders at start", 1_000, flow.startOrders, 0.02);
        assertWithin("levels at start", 500, flow.startLevels, 0.10);
        assertWithin("orders at end", 1_000, flow.endOrders, 0.25);
        assertWithin("levels at end", 500, flow.endLevels, 0.25);
    }

    @Test
    void shouldReplayTheStreamOnTheStartingStateWithoutRejects()
    {
        final BusinessLogicProcessor logic = flow.startingState();
        final long[] rejects = new long[1];
        final EventListener listener = (Event event) ->
        {
            if (event.type() == EventType.ORDER_REJECTED || event.type() == EventType.CANCEL_REJECTED)
            {
                rejects[0]++;
            }
        };
        for (int i = 0; i < flow.stream.length(); i++)
        {
            logic.apply(flow.stream.command(i), i + 1, i + 1, listener);
        }
        System.out.println("rejects on replay: " + rejects[0] + "; while generating: " + flow.stats.rejectSummary());
        assertEquals(flow.stats.rejectCount(), rejects[0]);
        assertTrue(rejects[0] <= LENGTH / 1000, "almost no rejects: " + rejects[0]);
        assertEquals(flow.endStateHash, logic.stateHash(), "same stream on the same state gives the same state");
    }

    @Test
    void shouldSpreadTheHundredInstrumentScenarioOverEveryBook()
    {
        final OrderFlow.Recorded many = OrderFlow.record(OrderFlow.Scenario.HUNDRED_INSTRUMENTS, 100_000);
        System.out.println(many);
        assertWithin("orders at start", 100_000, many.startOrders, 0.02);
        assertWithin("levels at start", 50_000, many.startLevels, 0.10);
        assertTrue(many.stats.rejectCount() <= 100, "almost no rejects: " + many.stats.rejectSummary());
    }

    private static void assertShare(final String what, final double expected, final double actual)
    {
        assertTrue(Math.abs(actual - expected) <= Math.max(0.005, expected * 0.1),
            what + ": expected about " + expected + " but was " + actual);
    }

    private static void assertWithin(final String what, final double expected, final double actual, final double tolerance)
    {
        assertTrue(Math.abs(actual - expected) <= expected * tolerance,
            what + ": expected " + expected + " within " + tolerance * 100 + "% but was " + actual);
    }
}
