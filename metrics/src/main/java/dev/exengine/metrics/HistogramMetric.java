package dev.exengine.metrics;

import java.util.regex.Pattern;

/**
 * A metric whose values are recorded into an HdrHistogram on a hot thread ({@link IntervalRecorder}): latencies in
 * nanoseconds (exported in seconds), or sizes. The node's sampler reads each recorder once a second, keeps the
 * running histogram for Prometheus and writes the last second's percentiles into the counters file.
 *
 * @param name        the Prometheus name; a latency's ends in {@code _seconds}.
 * @param nanoseconds whether the values are nanoseconds (otherwise plain counts).
 */
public record HistogramMetric(String name, String help, boolean nanoseconds, IntervalRecorder recorder)
{
    /** The longest latency a recorder tells apart; longer ones count as this. */
    public static final long MAX_LATENCY_NANOS = 60_000_000_000L;
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public HistogramMetric
    {
        if (!NAME.matcher(name).matches() || nanoseconds != name.endsWith("_seconds"))
        {
            throw new IllegalArgumentException("histogram name '" + name + "': snake case, ending in _seconds " +
                "exactly when its values are nanoseconds");
        }
    }

    /** A latency, recorded in nanoseconds up to {@link #MAX_LATENCY_NANOS}, to three significant digits. */
    public static HistogramMetric latency(final String name, final String help)
    {
        return new HistogramMetric(name, help, true, new IntervalRecorder(MAX_LATENCY_NANOS, 3));
    }

    /** A size (how many of something), up to {@code max}, to two significant digits. */
    public static HistogramMetric size(final String name, final String help, final long max)
    {
        return new HistogramMetric(name, help, false, new IntervalRecorder(max, 2));
    }
}
