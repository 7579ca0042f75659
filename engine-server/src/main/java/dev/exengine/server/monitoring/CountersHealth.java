package dev.exengine.server.monitoring;

import dev.exengine.metrics.CountersFileException;
import dev.exengine.metrics.CountersFileReader;
import dev.exengine.metrics.Metric;
import dev.exengine.pipeline.EngineMetrics;
import dev.exengine.gateway.GatewayMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/engine health --data DIR}: a node's health read from its counters file, from another process and without
 * its admin endpoint. The node's sampler writes its verdict there once a second ({@link NodeMetrics}), with a
 * heartbeat: a file whose heartbeat is older than the given bound belongs to a node that hangs or was killed.
 */
public final class CountersHealth
{
    /** How old a heartbeat may be before the node counts as hung or gone; the sampler beats once a second. */
    public static final long DEFAULT_STALE_AFTER_MILLIS = 5_000;

    private CountersHealth()
    {
    }

    /**
     * @param countersFile     the node's {@code DATA/counters.dat}.
     * @param liveness         whether to ask if it is alive rather than ready.
     * @param staleAfterMillis a heartbeat older than this: not alive.
     * @param nowMillis        the time now, in milliseconds since the epoch.
     */
    public static HealthVerdict probe(
        final Path countersFile, final boolean liveness, final long staleAfterMillis, final long nowMillis)
    {
        final CountersFileReader reader;
        try
        {
            reader = CountersFileReader.open(countersFile);
        }
        catch (final CountersFileException ex)
        {
            if (ex.problem() == CountersFileException.Problem.BEING_WRITTEN)
            {
                // A node that is creating its file is starting: alive, not ready.
                return new HealthVerdict(liveness ? HealthVerdict.READY : HealthVerdict.NOT_READY,
                    List.of((liveness ? "live" : "not ready") + ": " + ex.getMessage()));
            }
            return HealthVerdict.unknown(ex.getMessage());
        }
        if (reader.isClosed())
        {
            return new HealthVerdict(HealthVerdict.NOT_READY, List.of("not live: the node (process " + reader.pid() +
                ") stopped; its counters file keeps its last values"));
        }
        final long age = nowMillis - reader.heartbeatMillis();
        if (age > staleAfterMillis)
        {
            return new HealthVerdict(HealthVerdict.NOT_READY, List.of(String.format(Locale.ROOT, "not live: the " +
                "node (process %d) has not written its heartbeat for %.1f s (it does every second): it hangs, or it " +
                "was killed without closing", reader.pid(), age / 1e3)));
        }
        final Map<String, Long> values = new HashMap<>();
        for (final CountersFileReader.CounterValue counter : reader.counters())
        {
            values.put(counter.label(), counter.value());
        }
        if (!values.containsKey(NodeMetrics.READY.series(List.of())))
        {
            return HealthVerdict.unknown(countersFile + " holds no health counters: not a node's counters file");
        }
        final boolean live = value(values, NodeMetrics.LIVE) == 1;
        final boolean ready = value(values, NodeMetrics.READY) == 1;
        final List<String> lines = new ArrayList<>();
        lines.add(!live ? "not live" : ready ? "ready" : "not ready");
        lines.add(summary(values, reader.pid()));
        for (final Problem problem : Problem.values())
        {
            if (value(values, NodeMetrics.NOT_READY, problem.name()) == 1)
            {
                lines.add(problem.name() + ": " + problem.description());
            }
        }
        return new HealthVerdict((liveness ? live : ready) ? HealthVerdict.READY : HealthVerdict.NOT_READY, lines);
    }

    private static String summary(final Map<String, Long> values, final long pid)
    {
        String role = ReplicationStatus.PRIMARY;
        String replication = "";
        final String epochSeries = NodeMetrics.EPOCH.series(List.of());
        if (values.containsKey(epochSeries))
        {
            for (final String each : List.of(ReplicationStatus.PRIMARY, ReplicationStatus.STANDBY,
                ReplicationStatus.FENCED))
            {
                if (value(values, NodeMetrics.ROLE, each) == 1)
                {
                    role = each;
                }
            }
            replication = String.format(Locale.ROOT, ", epoch %d, %s, lag %d records / %.3f s",
                values.get(epochSeries), value(values, NodeMetrics.FOLLOWING) == 1 ? "following" : "not following",
                value(values, NodeMetrics.LAG_RECORDS), value(values, NodeMetrics.LAG) / 1e9);
        }
        return String.format(Locale.ROOT, "%s (process %d)%s, journal sequence %d, %d connections, %d logged in",
            role, pid, replication, value(values, EngineMetrics.JOURNAL_SEQUENCE),
            value(values, GatewayMetrics.CONNECTIONS), value(values, GatewayMetrics.LOGGED_IN));
    }

    /** A series' value, 0 when the node has not allocated it (yet). */
    private static long value(final Map<String, Long> values, final Metric metric, final String... labelValues)
    {
        return values.getOrDefault(metric.series(List.of(labelValues)), 0L);
    }
}
