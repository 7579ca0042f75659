package dev.exengine.server.monitoring;

import dev.exengine.metrics.Metric;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.metrics.MetricKind;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /metrics}: the node's counters (the same memory the counters file holds, read at each scrape), its latency
 * histograms ({@link LatencyHistograms}) and the JVM's own metrics (GC, memory, threads, classes, the process), in the
 * Prometheus text format, through the official Prometheus Java client. A scrape runs on the admin endpoint's thread:
 * the engine's threads pay nothing for it.
 */
final class PrometheusExport
{
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    PrometheusExport(final MetricCounters counters, final LatencyHistograms histograms)
    {
        registry.register((MultiCollector)() -> collect(counters, histograms));
        JvmMetrics.builder().register(registry);
    }

    String contentType()
    {
        return writer.getContentType();
    }

    void write(final OutputStream out) throws IOException
    {
        writer.write(out, registry.scrape());
    }

    /** Every exported counter series, one snapshot per metric, then the histograms. */
    private static MetricSnapshots collect(final MetricCounters counters, final LatencyHistograms histograms)
    {
        final Map<Metric, List<MetricCounters.Series>> byMetric = new LinkedHashMap<>();
        for (final MetricCounters.Series series : counters.series())
        {
            if (series.metric().kind().isExported())
            {
                byMetric.computeIfAbsent(series.metric(), metric -> new ArrayList<>()).add(series);
            }
        }
        final List<MetricSnapshot> snapshots = new ArrayList<>(byMetric.size() + 4);
        byMetric.forEach((metric, series) -> snapshots.add(snapshot(metric, series)));
        snapshots.addAll(histograms.snapshots());
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot snapshot(final Metric metric, final List<MetricCounters.Series> series)
    {
        final String[] names = metric.labelNames().toArray(new String[0]);
        if (metric.kind() == MetricKind.COUNTER)
        {
            final CounterSnapshot.Builder counter = CounterSnapshot.builder().name(metric.name()).help(metric.help());
            for (final MetricCounters.Series each : series)
            {
                counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of(names, each.labelValues().toArray(new String[0]))).value(each.value()).build());
            }
            return counter.build();
        }
        final GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(metric.name()).help(metric.help());
        final double scale = switch (metric.kind())
        {
            case DURATION_NANOS -> 1e-9;
            case TIMESTAMP_MILLIS -> 1e-3;
            default -> 1;
        };
        if (scale != 1)
        {
            gauge.unit(Unit.SECONDS);
        }
        for (final MetricCounters.Series each : series)
        {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of(names, each.labelValues().toArray(new String[0]))).value(each.value() * scale)
                .build());
        }
        return gauge.build();
    }
}
