package dev.exengine.server.monitoring;

import dev.exengine.metrics.HistogramMetric;
import dev.exengine.metrics.Metric;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.metrics.MetricKind;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's reader of the latency recorders ({@link HistogramMetric}): once a second ({@link #sample()}) it takes
 * what each recorded since the last time, adds it to a running histogram for Prometheus, and writes the interval's
 * 50th, 99th, 99.9th percentiles and maximum into the counters file for the stat tool. The only reader of every recorder.
 *
 * <p>Prometheus gets classic histograms ({@link #snapshots()}): cumulative counts per bucket that only go up, so that
 * a query takes a quantile over any window and across nodes ({@code histogram_quantile(0.99,
 * rate(exengine_command_latency_seconds_bucket[5m]))}) and an alert counts the commands slower than a bound. A summary
 * would carry quantiles fixed to the exporter's own window, which neither add up across nodes nor change window. The
 * bucket counts are exact (HdrHistogram's values to three digits, each counted under the first bound at or above its
 * highest equivalent value); the sum is HdrHistogram's estimate, within the same precision.
 */
final class LatencyHistograms
{
    /** Upper bounds, in seconds, of a latency's buckets: 250 ns to 10 s, 1-2.5-5 a decade. */
    static final double[] LATENCY_BOUNDS = {250e-9, 500e-9, 1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6, 50e-6, 100e-6, 250e-6,
        500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10,
        Double.POSITIVE_INFINITY};
    /** Upper bounds of a size's buckets: powers of two to 65,536. */
    static final double[] SIZE_BOUNDS = sizeBounds();
    private static final String[] QUANTILES = {"0.5", "0.99", "0.999", "1"};
    private static final double[] PERCENTILES = {50, 99, 99.9, 100};

    private final MetricCounters counters;
    private final List<Tracked> tracked = new ArrayList<>();

    private static final class Tracked
    {
        final HistogramMetric metric;
        final Histogram interval;
        final Histogram running;
        final AtomicCounter[] percentiles;

        Tracked(final HistogramMetric metric, final AtomicCounter[] percentiles)
        {
            this.metric = metric;
            this.interval = metric.recorder().newHistogram();
            this.running = metric.recorder().newHistogram();
            this.percentiles = percentiles;
        }
    }

    LatencyHistograms(final MetricCounters counters)
    {
        this.counters = counters;
    }

    /** Starts reading these recorders (the engine's, once it has started). */
    synchronized void add(final List<HistogramMetric> metrics)
    {
        for (final HistogramMetric metric : metrics)
        {
            final Metric percentiles = new Metric(metric.name(),
                metric.nanoseconds() ? MetricKind.PERCENTILE_NANOS : MetricKind.PERCENTILE,
                metric.help() + " (percentiles of the last second, for bin/engine stat)", List.of("quantile"));
            final AtomicCounter[] byQuantile = new AtomicCounter[QUANTILES.length];
            for (int i = 0; i < QUANTILES.length; i++)
            {
                byQuantile[i] = counters.counter(percentiles, QUANTILES[i]);
                byQuantile[i].setOpaque(-1);
            }
            tracked.add(new Tracked(metric, byQuantile));
        }
    }

    /** Takes what each recorder recorded since the last call; the sampler's thread, once a second. */
    synchronized void sample()
    {
        for (final Tracked each : tracked)
        {
            each.metric.recorder().sampleInto(each.interval);
            each.running.add(each.interval);
            final boolean empty = each.interval.getTotalCount() == 0;
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                each.percentiles[i].setOpaque(empty ? -1 : i == PERCENTILES.length - 1 ?
                    each.interval.getMaxValue() : each.interval.getValueAtPercentile(PERCENTILES[i]));
            }
        }
    }

    /** Every histogram so far, for Prometheus: one per recorder, counts since the node started. */
    synchronized List<MetricSnapshot> snapshots()
    {
        final List<MetricSnapshot> snapshots = new ArrayList<>(tracked.size());
        for (final Tracked each : tracked)
        {
            snapshots.add(snapshot(each.metric, each.running));
        }
        return snapshots;
    }

    private static MetricSnapshot snapshot(final HistogramMetric metric, final Histogram running)
    {
        final double scale = metric.nanoseconds() ? 1e-9 : 1;
        final double[] bounds = metric.nanoseconds() ? LATENCY_BOUNDS : SIZE_BOUNDS;
        final long[] counts = new long[bounds.length];
        double sum = 0;
        int bucket = 0;
        for (final HistogramIterationValue value : running.recordedValues())
        {
            final double highest = value.getValueIteratedTo() * scale;
            while (highest > bounds[bucket])
            {
                bucket++;
            }
            counts[bucket] += value.getCountAtValueIteratedTo();
            sum += value.getCountAtValueIteratedTo() * running.medianEquivalentValue(value.getValueIteratedTo()) *
                scale;
        }
        final HistogramSnapshot.Builder builder = HistogramSnapshot.builder().name(metric.name()).help(metric.help());
        if (metric.nanoseconds())
        {
            builder.unit(Unit.SECONDS);
        }
        return builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts)).sum(sum).build()).build();
    }

    private static double[] sizeBounds()
    {
        final double[] bounds = new double[18];
        for (int i = 0; i < 17; i++)
        {
            bounds[i] = 1L << i;
        }
        bounds[17] = Double.POSITIVE_INFINITY;
        return bounds;
    }
}
