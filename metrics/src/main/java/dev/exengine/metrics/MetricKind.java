package dev.exengine.metrics;

/**
 * What a counter's value means, stored as its Agrona type id so that a reader of the counters file in another process
 * knows how to show it, and the Prometheus export how to convert it (time is kept in integers: nanoseconds for
 * durations, milliseconds since the epoch for instants; Prometheus wants seconds).
 */
public enum MetricKind
{
    /** A count that only goes up while the node runs (exported as a Prometheus counter, {@code _total}). */
    COUNTER(1),
    /** A value that goes up and down (a Prometheus gauge). */
    GAUGE(2),
    /** A duration in nanoseconds (a gauge in seconds; the name ends in {@code _seconds}). */
    DURATION_NANOS(3),
    /** An instant in milliseconds since the epoch, 0 for never (a gauge; the name ends in {@code _timestamp_seconds}). */
    TIMESTAMP_MILLIS(4),
    /**
     * A latency percentile of the last sampling interval in nanoseconds, -1 when nothing was recorded in it, for the
     * stat tool; Prometheus gets the whole histogram instead, so these are not exported.
     */
    PERCENTILE_NANOS(5),
    /** As {@link #PERCENTILE_NANOS}, of a size rather than a time. */
    PERCENTILE(6);

    private static final MetricKind[] BY_TYPE_ID = new MetricKind[7];

    static
    {
        for (final MetricKind kind : values())
        {
            BY_TYPE_ID[kind.typeId] = kind;
        }
    }

    private final int typeId;

    MetricKind(final int typeId)
    {
        this.typeId = typeId;
    }

    /** The Agrona counter type id this kind is stored as. */
    public int typeId()
    {
        return typeId;
    }

    /** @return the kind stored as this type id, or null for a type id this version does not know. */
    public static MetricKind ofTypeId(final int typeId)
    {
        return typeId >= 0 && typeId < BY_TYPE_ID.length ? BY_TYPE_ID[typeId] : null;
    }

    /** Whether Prometheus gets this kind's series ({@code /metrics}): all but the percentiles. */
    public boolean isExported()
    {
        return this != PERCENTILE_NANOS && this != PERCENTILE;
    }

    /** The suffix a metric's name must end with for this kind ({@code ""} for none). */
    String requiredSuffix()
    {
        return switch (this)
        {
            case DURATION_NANOS, PERCENTILE_NANOS -> "_seconds";
            case TIMESTAMP_MILLIS -> "_timestamp_seconds";
            default -> "";
        };
    }
}
