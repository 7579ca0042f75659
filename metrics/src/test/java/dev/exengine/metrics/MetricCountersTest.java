package dev.exengine.metrics;

import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricCountersTest
{
    private static final Metric REJECTS = Metric.counter("test_rejects", "rejects", "source", "reason");

    @Test
    void shouldNameEachSeriesAsPrometheusWritesIt()
    {
        final MetricCounters counters = MetricCounters.inMemory();
        final AtomicCounter[] byUnit = counters.byEnum(REJECTS, TimeUnit.class, "engine");
        byUnit[TimeUnit.SECONDS.ordinal()].incrementOpaque();

        assertEquals(TimeUnit.values().length, counters.series(REJECTS).size());
        assertEquals(1, counters.value(REJECTS, "engine", "SECONDS"));
        assertEquals(0, counters.value(REJECTS, "engine", "DAYS"));
        assertEquals("test_rejects_total{source=\"engine\",reason=\"SECONDS\"}",
            counters.reader().getCounterLabel(byUnit[TimeUnit.SECONDS.ordinal()].id()));
        assertEquals("test_latency_seconds", Metric.duration("test_latency_seconds", "x").series(List.of()));
    }

    @Test
    void shouldRefuseTheSameSeriesTwiceAndTwoMetricsOfOneName()
    {
        final MetricCounters counters = MetricCounters.inMemory();
        counters.counter(REJECTS, "gateway", "THROTTLED");
        assertThrows(IllegalArgumentException.class, () -> counters.counter(REJECTS, "gateway", "THROTTLED"));
        assertThrows(IllegalArgumentException.class,
            () -> counters.counter(Metric.gauge("test_rejects", "other"), "gateway", "MALFORMED"));
        assertThrows(IllegalArgumentException.class, () -> counters.counter(REJECTS, "gateway"));
        assertThrows(IllegalArgumentException.class, () -> counters.counter(REJECTS, "gateway", "a\"b"));
    }

    @Test
    void shouldSaySoWhenItIsFull()
    {
        final MetricCounters counters = MetricCounters.inMemory();
        final Metric many = Metric.counter("test_many", "many", "n");
        for (int i = 0; i < MetricCounters.DEFAULT_CAPACITY; i++)
        {
            counters.counter(many, Integer.toString(i));
        }
        final IllegalStateException full =
            assertThrows(IllegalStateException.class, () -> counters.counter(many, "one-more"));
        assertTrue(full.getMessage().contains("all " + MetricCounters.DEFAULT_CAPACITY), full.getMessage());
    }

    @Test
    void shouldRefuseNamesPrometheusWouldNotTakeOrThatHideTheirUnit()
    {
        assertThrows(IllegalArgumentException.class, () -> Metric.counter("test_things_total", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metric.counter("test things", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metric.duration("test_latency", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metric.timestamp("test_last_seconds", "x"));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("test_x", "x", "Bad-Label"));
    }
}
