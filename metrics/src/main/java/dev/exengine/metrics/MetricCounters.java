package dev.exengine.metrics;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The counters of one node, allocated from an Agrona {@link CountersManager}: over a {@link CountersFile} that another
 * process reads live, or over memory ({@link #inMemory()}) for an engine or a gateway that nobody watches (tests,
 * benchmarks), so that the hot path counts the same way either way.
 *
 * <p>Each counter is one series of a {@link Metric}, labelled with the series as Prometheus writes it. Counters are
 * allocated once, while a component is built, and bumped on the hot path by exactly one thread each (an
 * {@link AtomicCounter}'s {@code incrementOpaque}/{@code setOpaque}: a plain store that another thread may read, no
 * lock, no allocation). Every series is remembered here for the exporters, which read the values from any thread.
 */
public final class MetricCounters
{
    /** Counters a node has room for: it allocates about 200. */
    public static final int DEFAULT_CAPACITY = 512;

    private final CountersManager manager;
    private final List<Series> series = new CopyOnWriteArrayList<>();

    /** One counter: which series of which metric it is. */
    public record Series(Metric metric, List<String> labelValues, AtomicCounter counter)
    {
        public long value()
        {
            return counter.get();
        }
    }

    public MetricCounters(final CountersManager manager)
    {
        this.manager = manager;
    }

    /** Counters in memory that only this process sees. */
    public static MetricCounters inMemory()
    {
        return new MetricCounters(new CountersManager(
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(CountersLayout.metadataLength(DEFAULT_CAPACITY), 64)),
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(CountersLayout.valuesLength(DEFAULT_CAPACITY), 64))));
    }

    /**
     * Allocates the counter of one series, at 0.
     *
     * @param labelValues one per label name of the metric, in order; words without quotes or backslashes.
     * @throws IllegalStateException when the counters are full.
     */
    public synchronized AtomicCounter counter(final Metric metric, final String... labelValues)
    {
        final List<String> values = List.of(labelValues);
        for (final String value : values)
        {
            if (value.isEmpty() || value.indexOf('"') >= 0 || value.indexOf('\\') >= 0 || value.indexOf('\n') >= 0)
            {
                throw new IllegalArgumentException("label value '" + value + "' of " + metric.name());
            }
        }
        for (final Series existing : series)
        {
            if (existing.metric().name().equals(metric.name()) && existing.labelValues().equals(values))
            {
                throw new IllegalArgumentException("series " + metric.series(values) + " allocated twice");
            }
            if (existing.metric().name().equals(metric.name()) && !existing.metric().equals(metric))
            {
                throw new IllegalArgumentException("two metrics named " + metric.name());
            }
        }
        if (manager.available() == 0)
        {
            throw new IllegalStateException("no room for counter " + metric.series(values) + ": all " +
                manager.capacity() + " are allocated");
        }
        final AtomicCounter counter = manager.newCounter(metric.series(values), metric.kind().typeId());
        series.add(new Series(metric, values, counter));
        return counter;
    }

    /**
     * Allocates one series per constant of an enum, labelled with the constant's name, with the label values before
     * it first: {@code byEnum(REJECTS, RejectReason.class, "engine")} gives {@code source="engine",reason="..."}.
     *
     * @return the counters, indexed by the constants' ordinals.
     */
    public <E extends Enum<E>> AtomicCounter[] byEnum(
        final Metric metric, final Class<E> type, final String... leadingLabelValues)
    {
        final E[] constants = type.getEnumConstants();
        final AtomicCounter[] counters = new AtomicCounter[constants.length];
        for (final E constant : constants)
        {
            final String[] values = new String[leadingLabelValues.length + 1];
            System.arraycopy(leadingLabelValues, 0, values, 0, leadingLabelValues.length);
            values[leadingLabelValues.length] = constant.name();
            counters[constant.ordinal()] = counter(metric, values);
        }
        return counters;
    }

    /** Every series allocated so far, in the order allocated. */
    public List<Series> series()
    {
        return List.copyOf(series);
    }

    /** The series of one metric, in the order allocated. */
    public List<Series> series(final Metric metric)
    {
        final List<Series> ofMetric = new ArrayList<>();
        for (final Series each : series)
        {
            if (each.metric().equals(metric))
            {
                ofMetric.add(each);
            }
        }
        return ofMetric;
    }

    /**
     * @return the value of a series, for tests and tools in this process.
     * @throws IllegalArgumentException when no such series is allocated.
     */
    public long value(final Metric metric, final String... labelValues)
    {
        final List<String> values = List.of(labelValues);
        for (final Series each : series)
        {
            if (each.metric().equals(metric) && each.labelValues().equals(values))
            {
                return each.value();
            }
        }
        throw new IllegalArgumentException("no series " + metric.series(values));
    }

    /** What an Aeron-style reader iterates: ids, type ids, labels and values. */
    public CountersReader reader()
    {
        return manager;
    }
}
