package dev.exengine.server.monitoring;

import dev.exengine.gateway.Gateway;
import dev.exengine.metrics.CountersFile;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.EngineMetrics;
import dev.exengine.storage.DataDirectory;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * How a node is watched, owned by the node and started before anything else it runs: the counters file in its data
 * directory ({@code DATA/counters.dat}, which {@code bin/engine stat} and {@code bin/engine health --data} read from
 * another process), the sampler that keeps it current ({@link MetricsSampler}), the health checks ({@link NodeHealth})
 * and, when configured, the admin HTTP endpoint ({@link AdminServer}: {@code /health/live}, {@code /health/ready},
 * {@code /metrics}). Started first, so that a probe gets an answer while the node recovers; closed last, after the
 * engine and the gateway have stopped bumping their counters.
 */
public final class Monitoring implements AutoCloseable
{
    /** Counters in the file: the node allocates about 200. */
    static final int CAPACITY = MetricCounters.DEFAULT_CAPACITY;

    private final CountersFile file;
    private final NodeHealth health;
    private final NodeMetrics nodeMetrics;
    private final LatencyHistograms histograms;
    private final MetricsSampler sampler;
    private final AdminServer admin;
    private volatile Engine engine;
    private volatile AtomicCounter snapshotTime;
    private boolean closed;

    private Monitoring(
        final CountersFile file, final MonitoringSettings settings, final Path journalDirectory, final AdminServer admin)
    {
        this.file = file;
        this.admin = admin;
        this.health = new NodeHealth(settings, journalDirectory);
        this.nodeMetrics = new NodeMetrics(file.counters());
        this.histograms = new LatencyHistograms(file.counters());
        this.sampler = new MetricsSampler(this::sample);
    }

    /**
     * Binds the admin endpoint (when configured), creates the counters file and starts both, and the sampler.
     *
     * @throws UncheckedIOException  naming the cause when the admin address cannot be bound (nothing else is done
     *                               then) or the data directory or the counters file cannot be written.
     * @throws IllegalStateException when another node runs on the data directory.
     */
    public static Monitoring start(
        final Path dataDirectory, final Path journalDirectory, final MonitoringSettings settings)
    {
        final AdminServer admin = settings.adminListen() == null ? null : AdminServer.bind(settings.adminListen());
        CountersFile file = null;
        try
        {
            createDirectory(dataDirectory);
            file = CountersFile.create(dataDirectory.resolve(DataDirectory.COUNTERS), CAPACITY,
                System.currentTimeMillis());
            final Monitoring monitoring = new Monitoring(file, settings, journalDirectory, admin);
            monitoring.sampler.start();
            if (admin != null)
            {
                admin.start(monitoring.health, new PrometheusExport(file.counters(), monitoring.histograms));
            }
            return monitoring;
        }
        catch (final RuntimeException | Error ex)
        {
            if (admin != null)
            {
                admin.close();
            }
            if (file != null)
            {
                file.close();
            }
            throw ex;
        }
    }

    /** The node's counters, for the engine's and the gateway's configuration. */
    public MetricCounters counters()
    {
        return file.counters();
    }

    public Path countersFile()
    {
        return file.path();
    }

    /** The admin endpoint's address, or null when there is none. */
    public InetSocketAddress adminAddress()
    {
        return admin == null ? null : admin.address();
    }

    public NodeHealth health()
    {
        return health;
    }

    /** The node moved on to this step of its life. */
    public void phase(final NodeHealth.Phase phase)
    {
        health.phase(phase);
    }

    /** The gateway is built (its thread starts later: the health checks follow the phase). */
    public void gateway(final Gateway gateway)
    {
        health.gateway(gateway);
    }

    /** The engine has recovered and runs: its health, and its latency recorders and snapshots are watched. */
    public void engine(final Engine started)
    {
        histograms.add(started.metrics().histograms());
        snapshotTime = started.metrics().counters().series(EngineMetrics.SNAPSHOT_TIME).get(0).counter();
        engine = started;
        health.engine(started);
    }

    /** The node replicates: its role, epoch and lag are watched too. */
    public void replication(final LongFunction<ReplicationStatus> status)
    {
        nodeMetrics.replicating();
        health.replication(status);
    }

    /** The node is a cluster member: its place in the cluster is watched too. */
    public void cluster(final Supplier<ClusterStatus> status)
    {
        nodeMetrics.clustering();
        health.cluster(status);
    }

    /**
     * Stops the endpoint and the sampler, writes the node's last state and marks the counters file closed. Call once
     * the engine and the gateway have stopped.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        health.phase(NodeHealth.Phase.STOPPED);
        try
        {
            if (admin != null)
            {
                admin.close();
            }
        }
        finally
        {
            try
            {
                sampler.close();
            }
            finally
            {
                file.close();
            }
        }
    }

    /** One round of the sampler. */
    private void sample()
    {
        final long nowMillis = System.currentTimeMillis();
        file.heartbeat(nowMillis);
        histograms.sample();
        final Engine running = engine;
        final AtomicCounter snapshot = snapshotTime;
        nodeMetrics.update(health.check(), running == null ? 0 : running.failureCount(),
            snapshot == null ? 0 : snapshot.get(), nowMillis);
    }

    private static void createDirectory(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the data directory " + directory + ": " + ex, ex);
        }
    }
}
