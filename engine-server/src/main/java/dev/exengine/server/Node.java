package dev.exengine.server;

import dev.exengine.core.command.Command;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.Gateway;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.gateway.feed.FeedServer;
import dev.exengine.logging.AuditEvent;
import dev.exengine.logging.AuditLog;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.HostedPipeline;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replication.ReplicationSettings;
import dev.exengine.server.monitoring.HealthReport;
import dev.exengine.server.monitoring.Monitoring;
import dev.exengine.server.monitoring.MonitoringSettings;
import dev.exengine.server.monitoring.NodeHealth;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

/**
 * One node, wired in one place: the engine (recovered from the data directory), the gateway in front of it, the
 * market-data feed beside it ({@link MarketData}) and, when configured, its part in replication
 * ({@link NodeReplication}: the replication port, the link to a primary, the role and epochs), each started and
 * closed here, in order, all watched by its {@link Monitoring} (the counters file, the health checks, the admin
 * endpoint). Every other front end plugs in here too, and talks to the engine only through the port in
 * {@code engine-core}.
 *
 * <pre>
 *  start: monitoring (the admin port bound first; the counters file; health answers STARTING) -> gateway (not yet
 *         listening) -> engine (recovers; delivers to the gateway's and the feed's outputs) -> gateway, then feed,
 *         catch up from the journal and listen -> replication (a primary checks its peers' epochs; a standby
 *         follows) -> a primary's starting market on an empty journal -> gateway and feed accept connections (a
 *         standby's gateway refuses logins; its feed serves what it follows) -> RUNNING
 *  stop:  STOPPING -> no more records from a primary -> gateway and feed stop accepting -> engine drains, snapshots,
 *         closes (its last events reach both) -> gateway stores them, marks them routed, closes -> feed stores them,
 *         closes -> the replication port closes -> monitoring writes the node's last state and closes
 * </pre>
 * With {@link EngineConfig#hosted} (configuration key {@code threads}, {@link ThreadLayout}) the engine starts no
 * thread: the gateway's thread runs its pipeline in every duty cycle, and the engine's close drains what is left.
 * <p>The gateway accepts only once the starting market is in the engine's input ring: every command a client sends
 * comes after it, so no client meets an account or instrument the market has not set up yet. A client that connects
 * earlier waits in the listen backlog.
 */
public final class Node implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(Node.class.getName());
    /** Origin of the commands the node sends itself (the starting market); user origins start at 1. */
    private static final long NODE_ORIGIN = 0;

    private final Engine engine;
    private final Gateway gateway;
    private final MarketData marketData;
    private final NodeReplication replication;
    private final Monitoring monitoring;
    private boolean closed;
    private long finalStateHash;

    private Node(final Engine engine, final Gateway gateway, final MarketData marketData,
        final NodeReplication replication, final Monitoring monitoring)
    {
        this.engine = engine;
        this.gateway = gateway;
        this.marketData = marketData;
        this.replication = replication;
        this.monitoring = monitoring;
    }

    public static Node start(final ServerSettings settings)
    {
        return start(settings, false);
    }

    /**
     * @param newSession end the gateway's SoupBinTCP session and start a new one
     *                   (see {@code GatewayConfig#newSession}).
     */
    public static Node start(final ServerSettings settings, final boolean newSession)
    {
        // Everything checked before anything in the data directory is created or changed.
        settings.validate();
        StartChecks.run(settings);
        logConfiguration(settings, newSession);
        final ReplicationSettings replication = settings.replication();
        if (newSession && replication != null)
        {
            // A standby takes on its primary's session and derives the same streams; a new session on one node alone
            // would leave the pair's streams and session ids apart.
            throw new IllegalArgumentException("--new-session is not supported on a replicated node (replication." +
                "listen or role STANDBY is set): the pair shares one SoupBinTCP session; start the day without " +
                "replication, or keep the session");
        }
        final Node node = start(settings.engineConfig(), settings.gatewayConfig().newSession(newSession),
            settings.feedConfig(), settings.marketCommands(), replication, settings.role(), settings.monitoring());
        LOG.log(System.Logger.Level.INFO, "listening on " + node.address() + ", session " +
            node.gateway.sessionId() + ", data in " + settings.dataDirectory().toAbsolutePath() +
            (node.adminAddress() == null ? ", no admin endpoint" : ", admin endpoint on " + node.adminAddress()));
        return node;
    }

    /** The audit log's line about the configuration a node starts with: where from, and what differs from the defaults. */
    private static void logConfiguration(final ServerSettings settings, final boolean newSession)
    {
        final AuditEvent configuration = new AuditLog().event("configuration", Level.INFO);
        if (configuration.admit(System.nanoTime() / 1_000_000))
        {
            final StringBuilder changes = new StringBuilder();
            settings.changes().forEach((key, value) ->
                changes.append(changes.length() == 0 ? "" : ", ").append(key).append('=').append(value));
            final Path file = settings.values().file();
            configuration.log("starting with the configuration", "file", file == null ? "(none)" : file.toString(),
                "changed", changes.length() == 0 ? "(nothing)" : changes.toString(), "role", settings.role().name(),
                "data", settings.dataDirectory().toAbsolutePath().toString(), "new_session", newSession);
        }
    }

    /**
     * Starts an engine and a gateway in front of it, without a starting market or an admin endpoint: for tests and
     * tools.
     */
    public static Node start(final EngineConfig engineConfig, final GatewayConfig gatewayConfig)
    {
        return start(engineConfig, gatewayConfig, null, List.of(), null, ServerSettings.Role.PRIMARY,
            MonitoringSettings.withoutHttp());
    }

    /** As {@link #start(EngineConfig, GatewayConfig)}, watched as {@code monitoring} says. */
    public static Node start(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final MonitoringSettings monitoring)
    {
        return start(engineConfig, gatewayConfig, null, List.of(), null, ServerSettings.Role.PRIMARY, monitoring);
    }

    /**
     * Starts an engine, a gateway and the market-data feed, without a starting market or an admin endpoint: for tests
     * and tools.
     */
    public static Node start(final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final FeedConfig feed)
    {
        return start(engineConfig, gatewayConfig, feed, List.of(), null, ServerSettings.Role.PRIMARY,
            MonitoringSettings.withoutHttp());
    }

    /** As the next, without an admin endpoint: for tests and tools. */
    public static Node start(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final FeedConfig feed,
        final List<Command> startingMarket, final ReplicationSettings replication, final ServerSettings.Role role)
    {
        return start(engineConfig, gatewayConfig, feed, startingMarket, replication, role,
            MonitoringSettings.withoutHttp());
    }

    /**
     * @param feed               the market-data feed's configuration, or null for none.
     * @param startingMarket     submitted by a primary when the journal is empty, before the gateway accepts
     *                           connections.
     * @param replication        how the node replicates, or null when it does not.
     * @param role               what it starts as.
     * @param monitoringSettings its admin endpoint and health bounds; its counters file goes in the journal's parent
     *                           directory (the node's data directory).
     */
    public static Node start(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final FeedConfig feed,
        final List<Command> startingMarket, final ReplicationSettings replication, final ServerSettings.Role role,
        final MonitoringSettings monitoringSettings)
    {
        final Monitoring monitoring = Monitoring.start(dataDirectory(engineConfig), engineConfig.journalDirectory(),
            monitoringSettings);
        final Node node;
        try
        {
            // A standby derives every user's stream from the journal: what no journal record derives (the gateway's
            // own answers, query answers) stays out of it here too, or a client that fails over would miss messages.
            node = startWatched(engineConfig.metrics(monitoring.counters()), gatewayConfig.metrics(
                monitoring.counters()).unjournaledAnswersInStream(replication == null), feed, replication, role, monitoring);
        }
        catch (final RuntimeException | Error ex)
        {
            monitoring.close();
            throw ex;
        }
        try
        {
            monitoring.phase(NodeHealth.Phase.JOINING);
            if (node.replication != null)
            {
                node.replication.start(node.engine, node.gateway);
            }
            monitoring.phase(NodeHealth.Phase.OPENING);
            final boolean primary = node.replication == null ||
                node.replication.role() == NodeReplication.Role.PRIMARY;
            if (primary && node.engine.recovery().lastSequence() == 0 && !startingMarket.isEmpty())
            {
                for (final Command command : startingMarket)
                {
                    submit(node.engine, command);
                }
                LOG.log(System.Logger.Level.INFO, "empty journal: set up the starting market (" +
                    startingMarket.size() + " commands)");
            }
            node.gateway.startAccepting();
            node.marketData.startAccepting();
            monitoring.phase(NodeHealth.Phase.RUNNING);
            return node;
        }
        catch (final RuntimeException | Error ex)
        {
            node.shutdown();
            throw ex;
        }
    }

    /** Starts the gateway, the feed and the engine, watched: the node without its replication started or its market. */
    private static Node startWatched(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final FeedConfig feed,
        final ReplicationSettings replication, final ServerSettings.Role role, final Monitoring monitoring)
    {
        final NodeReplication replicating = replication == null ? null :
            new NodeReplication(replication, role, engineConfig.journalDirectory());
        if (replicating != null)
        {
            engineConfig.progress(replicating).replicationGate(replicating);
            monitoring.replication(replicating::status);
        }
        final Gateway gateway = new Gateway(gatewayConfig);
        monitoring.gateway(gateway);
        final MarketData marketData = new MarketData(feed);
        final Engine engine;
        try
        {
            engine = Engine.start(engineConfig, marketData.outputs(gateway.engineOutput()));
        }
        catch (final RuntimeException | Error ex)
        {
            gateway.close();
            marketData.close();
            throw ex;
        }
        try
        {
            monitoring.engine(engine);
            final HostedPipeline pipeline = engine.hostedPipeline();
            if (pipeline != null)
            {
                // Threads shared: the gateway's duty cycle runs the engine; producers elsewhere wake it.
                gateway.host(pipeline::doWork, pipeline::hasBacklog);
                pipeline.wakeHostWith(gateway::wakeUp);
            }
            monitoring.phase(NodeHealth.Phase.CATCHING_UP);
            final JournalHistory history =
                new JournalHistory(engineConfig.journalDirectory(), engineConfig.snapshotDirectory());
            gateway.start(engine, history, engine.recovery().lastSequence());
            marketData.start(history, engine.recovery().lastSequence());
        }
        catch (final RuntimeException | Error ex)
        {
            try
            {
                engine.close();
            }
            finally
            {
                gateway.close();
                marketData.close();
            }
            throw ex;
        }
        return new Node(engine, gateway, marketData, replicating, monitoring);
    }

    /** The node's data directory: the journal's parent. */
    private static Path dataDirectory(final EngineConfig engineConfig)
    {
        return engineConfig.journalDirectory().toAbsolutePath().getParent();
    }

    public Engine engine()
    {
        return engine;
    }

    public Gateway gateway()
    {
        return gateway;
    }

    public InetSocketAddress address()
    {
        return gateway.localAddress();
    }

    /** The market-data feed server, or null when the node runs none. */
    public FeedServer marketData()
    {
        return marketData.server();
    }

    public String sessionId()
    {
        return gateway.sessionId();
    }

    /** @return the admin endpoint's address, or null when this node has none. */
    public InetSocketAddress adminAddress()
    {
        return monitoring.adminAddress();
    }

    /** @return the node's counters file ({@code bin/engine stat}). */
    public Path countersFile()
    {
        return monitoring.countersFile();
    }

    /** @return the node's health now, as {@code /health/ready} answers it. */
    public HealthReport health()
    {
        return monitoring.health().check();
    }

    /** @return the replication port's address, or null when this node serves none. */
    public InetSocketAddress replicationAddress()
    {
        return replication == null ? null : replication.replicationAddress();
    }

    /**
     * @return the journal sequence this node's standby acknowledged as durable (what a primary in replicated
     *         durability may release through), 0 before one did, or -1 when this node serves no replication port.
     */
    public long standbyAcknowledged()
    {
        return replication == null ? -1 : replication.standbyAcknowledged();
    }

    /**
     * Makes this standby the primary (what an operator's PROMOTE does).
     *
     * @return null when promoted, otherwise why not.
     */
    public String promote()
    {
        return replication == null ? "this node does not replicate" : replication.promote();
    }

    /**
     * Waits until the gateway's server thread ends: after {@link #shutdown()}, or on its own after a fatal error.
     *
     * @return the error that ended it, or null for an orderly stop.
     */
    public Throwable awaitGatewayStop() throws InterruptedException
    {
        return gateway.awaitStop();
    }

    /**
     * Stops in order: the gateway stops accepting, the engine drains, snapshots and closes (its last events still
     * reach the clients' streams), then the gateway closes. Later calls return the same hash.
     *
     * @return the engine's final state hash.
     */
    public synchronized long shutdown()
    {
        if (!closed)
        {
            closed = true;
            monitoring.phase(NodeHealth.Phase.STOPPING);
            try
            {
                if (replication != null)
                {
                    replication.stopFollowing();
                }
                gateway.stopAccepting();
                marketData.stopAccepting();
                try
                {
                    finalStateHash = engine.shutdown();
                    gateway.engineClosed();
                }
                finally
                {
                    try
                    {
                        gateway.close();
                    }
                    finally
                    {
                        marketData.close();
                    }
                }
            }
            finally
            {
                try
                {
                    if (replication != null)
                    {
                        replication.close();
                    }
                }
                finally
                {
                    monitoring.close();
                }
            }
        }
        return finalStateHash;
    }

    @Override
    public void close()
    {
        shutdown();
    }

    private static void submit(final Engine engine, final Command command)
    {
        SubmitResult result;
        while ((result = engine.submit(NODE_ORIGIN, command)) == SubmitResult.BUSY)
        {
            Thread.onSpinWait();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("engine refused " + command + ": " + result);
        }
    }
}
