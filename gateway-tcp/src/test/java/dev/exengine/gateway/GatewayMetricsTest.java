package dev.exengine.gateway;

import dev.exengine.core.event.RejectReason;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.metrics.Rejects;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayMetricsTest
{
    private static final RejectReason[] GATEWAY_REJECTS = {RejectReason.NOT_AUTHORIZED, RejectReason.THROTTLED,
        RejectReason.ENGINE_BUSY, RejectReason.ENGINE_HALTED, RejectReason.MALFORMED};

    @Test
    void shouldCountEverySeriesUnderItsLabels()
    {
        final MetricCounters counters = MetricCounters.inMemory();
        final GatewayMetrics metrics = new GatewayMetrics(counters);
        metrics.login(GatewayMetrics.LoginOutcome.THROTTLED);
        metrics.rejected(RejectReason.ENGINE_BUSY);
        metrics.disconnected(DisconnectReason.SLOW_CONSUMER);
        metrics.shed(GatewayMetrics.ShedLimit.MAX_CONNECTIONS);
        metrics.sessions(3, 2);
        metrics.streamsOpened(10, 4);
        metrics.storedMessage(100, 5);
        metrics.storedMessage(50, 2);

        assertEquals(1, counters.value(GatewayMetrics.LOGINS, "THROTTLED"));
        assertEquals(1, counters.value(Rejects.METRIC, "gateway", "ENGINE_BUSY"));
        assertEquals(1, counters.value(GatewayMetrics.DISCONNECTS, "SLOW_CONSUMER"));
        assertEquals(1, counters.value(GatewayMetrics.SHED, "MAX_CONNECTIONS"));
        assertEquals(3, counters.value(GatewayMetrics.CONNECTIONS));
        assertEquals(2, counters.value(GatewayMetrics.LOGGED_IN));
        assertEquals(12, counters.value(GatewayMetrics.STORED_MESSAGES));
        assertEquals(5, counters.value(GatewayMetrics.LONGEST_STREAM));
        assertEquals(150, counters.value(GatewayMetrics.STORED_BYTES));
        assertEquals(0, metrics.rejects(RejectReason.UNKNOWN_ACCOUNT), "a reason only the engine gives");
        assertThrows(IllegalArgumentException.class, () -> counters.value(Rejects.METRIC, "gateway", "UNKNOWN_ACCOUNT"));
    }

    @Test
    void shouldCountWithoutAllocatingAfterWarmUp()
    {
        final GatewayMetrics metrics = new GatewayMetrics(MetricCounters.inMemory());
        final int rounds = 200_000;
        countRounds(metrics, rounds);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        countRounds(metrics, rounds);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocated < 1024, allocated + " bytes allocated counting " + rounds + " rounds");
        assertEquals(2L * rounds, metrics.throttledMessages());
        assertEquals(2L * rounds / GATEWAY_REJECTS.length, metrics.rejects(RejectReason.NOT_AUTHORIZED));
    }

    /** What the gateway's thread does per message and per connection, {@code rounds} times. */
    private static void countRounds(final GatewayMetrics metrics, final int rounds)
    {
        final DisconnectReason[] reasons = DisconnectReason.values();
        final GatewayMetrics.LoginOutcome[] outcomes = GatewayMetrics.LoginOutcome.values();
        for (int round = 0; round < rounds; round++)
        {
            metrics.throttled();
            metrics.rejected(GATEWAY_REJECTS[round % GATEWAY_REJECTS.length]);
            metrics.storedMessage(64, round);
            metrics.login(outcomes[round % outcomes.length]);
            metrics.disconnected(reasons[round % reasons.length]);
            metrics.shed(GatewayMetrics.ShedLimit.MAX_UNAUTHENTICATED_PER_ADDRESS);
            metrics.sessions(round & 63, round & 31);
        }
    }
}
