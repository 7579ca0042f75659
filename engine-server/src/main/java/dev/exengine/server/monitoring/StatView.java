package dev.exengine.server.monitoring;

import dev.exengine.metrics.CountersFileReader;
import dev.exengine.metrics.MetricKind;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code bin/engine stat} prints of a counters file, as AeronStat prints {@code cnc.dat}: a header (the node's
 * process, its start, its heartbeat's age, whether it runs), then one line per counter, {@code id: value - series},
 * the series named as {@code /metrics} names it. Durations print with their unit, instants in UTC, a percentile of a
 * second in which nothing was recorded as {@code -}.
 */
public final class StatView
{
    private StatView()
    {
    }

    /**
     * @param filter only the series it finds something in; null for every series.
     */
    public static void print(
        final CountersFileReader reader, final Pattern filter, final long nowMillis, final PrintWriter out)
    {
        out.printf(Locale.ROOT, "%s - node process %d, started %s, heartbeat %.1f s ago, %s%n", reader.path(),
            reader.pid(), Instant.ofEpochMilli(reader.startMillis()), (nowMillis - reader.heartbeatMillis()) / 1e3,
            reader.isClosed() ? "stopped (its last values)" : "running");
        out.println("=".repeat(100));
        for (final CountersFileReader.CounterValue counter : reader.counters())
        {
            if (filter == null || filter.matcher(counter.label()).find())
            {
                out.printf(Locale.ROOT, "%3d: %20s - %s%n", counter.id(), format(counter.kind(), counter.value()),
                    counter.label());
            }
        }
        out.flush();
    }

    /** A value as its kind reads: a count with thousands separators, a duration with its unit, an instant in UTC. */
    static String format(final MetricKind kind, final long value)
    {
        if (kind == null)
        {
            return Long.toString(value);
        }
        return switch (kind)
        {
            case COUNTER, GAUGE -> String.format(Locale.ROOT, "%,d", value);
            case PERCENTILE -> value < 0 ? "-" : String.format(Locale.ROOT, "%,d", value);
            case PERCENTILE_NANOS -> value < 0 ? "-" : duration(value);
            case DURATION_NANOS -> duration(value);
            case TIMESTAMP_MILLIS -> value == 0 ? "never" : Instant.ofEpochMilli(value).toString();
        };
    }

    private static String duration(final long nanos)
    {
        if (nanos < 1_000)
        {
            return nanos + " ns";
        }
        if (nanos < 1_000_000)
        {
            return String.format(Locale.ROOT, "%.3f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000)
        {
            return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
