package dev.exengine.metrics;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One metric family: its Prometheus name (without the {@code _total} a counter is exported with), its kind, what it
 * counts, and the names of the labels its series differ by. Each series of it is one counter ({@link MetricCounters}).
 *
 * @param name       e.g. {@code exengine_commands}; units in the name, as Prometheus asks ({@code _seconds},
 *                   {@code _bytes}).
 * @param kind       how the value is read and exported.
 * @param help       one line for operators, the Prometheus HELP text.
 * @param labelNames the labels a series is told apart by, in order; none for a family of one series.
 */
public record Metric(String name, MetricKind kind, String help, List<String> labelNames)
{
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public Metric
    {
        if (!NAME.matcher(name).matches() || name.endsWith("_total"))
        {
            throw new IllegalArgumentException("metric name '" + name + "' must be lower-case snake case, without " +
                "_total (a counter is exported with it)");
        }
        if (!name.endsWith(kind.requiredSuffix()))
        {
            throw new IllegalArgumentException("a " + kind + " metric's name ends in " + kind.requiredSuffix() + ": " +
                name);
        }
        for (final String label : labelNames)
        {
            if (!NAME.matcher(label).matches())
            {
                throw new IllegalArgumentException("label name '" + label + "' of " + name + " is not snake case");
            }
        }
        labelNames = List.copyOf(labelNames);
    }

    public static Metric counter(final String name, final String help, final String... labelNames)
    {
        return new Metric(name, MetricKind.COUNTER, help, List.of(labelNames));
    }

    public static Metric gauge(final String name, final String help, final String... labelNames)
    {
        return new Metric(name, MetricKind.GAUGE, help, List.of(labelNames));
    }

    public static Metric duration(final String name, final String help, final String... labelNames)
    {
        return new Metric(name, MetricKind.DURATION_NANOS, help, List.of(labelNames));
    }

    public static Metric timestamp(final String name, final String help, final String... labelNames)
    {
        return new Metric(name, MetricKind.TIMESTAMP_MILLIS, help, List.of(labelNames));
    }

    /** The series' name as Prometheus shows it: a counter's ends in {@code _total}. */
    public String exportedName()
    {
        return kind == MetricKind.COUNTER ? name + "_total" : name;
    }

    /**
     * The series as Prometheus writes it, {@code exengine_commands_total{type="NEW_ORDER"}}: the counter's label in the
     * counters file, so that what the stat tool prints is what {@code /metrics} shows.
     */
    public String series(final List<String> labelValues)
    {
        if (labelValues.size() != labelNames.size())
        {
            throw new IllegalArgumentException(name + " has labels " + labelNames + ", given " + labelValues);
        }
        final StringBuilder series = new StringBuilder(exportedName());
        for (int i = 0; i < labelValues.size(); i++)
        {
            series.append(i == 0 ? '{' : ',').append(labelNames.get(i)).append("=\"").append(labelValues.get(i))
                .append('"');
        }
        return labelValues.isEmpty() ? series.toString() : series.append('}').toString();
    }
}
