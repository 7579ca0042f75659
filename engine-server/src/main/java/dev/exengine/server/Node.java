package dev.exengine.server;

import dev.exengine.core.command.Command;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.Gateway;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.config.EngineConfig;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One node, wired in one place: the engine (recovered from the data directory) and the gateway in front of it, each
 * started and closed here, in order. Every other front end plugs in here too, and talks to the engine only through
 * the port in {@code engine-core}.
 *
 * <pre>
 *  start: gateway (not yet listening) -> engine (recovers; delivers to the gateway's output) -> gateway catches up
 *         from the journal and listens -> the starting market on an empty journal -> gateway accepts connections
 *  stop:  gateway stops accepting -> engine drains, snapshots, closes (its last events reach the gateway) ->
 *         gateway stores them, marks them routed, closes
 * </pre>
 * The gateway accepts only once the starting market is in the engine's input ring: every command a client sends
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
    private boolean closed;
    private long finalStateHash;

    private Node(final Engine engine, final Gateway gateway)
    {
        this.engine = engine;
        this.gateway = gateway;
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
        final Node node = start(settings.engineConfig(), settings.gatewayConfig().newSession(newSession),
            settings.marketCommands());
        LOG.log(System.Logger.Level.INFO, "listening on " + node.address() + ", session " +
            node.gateway.sessionId() + ", data in " + settings.dataDirectory().toAbsolutePath());
        return node;
    }

    /**
     * Starts an engine and a gateway in front of it, without a starting market: for tests and tools.
     */
    public static Node start(final EngineConfig engineConfig, final GatewayConfig gatewayConfig)
    {
        return start(engineConfig, gatewayConfig, List.of());
    }

    /**
     * @param startingMarket submitted when the journal is empty, before the gateway accepts connections.
     */
    private static Node start(
        final EngineConfig engineConfig, final GatewayConfig gatewayConfig, final List<Command> startingMarket)
    {
        final Gateway gateway = new Gateway(gatewayConfig);
        final Engine engine;
        try
        {
            engine = Engine.start(engineConfig, gateway.engineOutput());
        }
        catch (final RuntimeException | Error ex)
        {
            gateway.close();
            throw ex;
        }
        try
        {
            gateway.start(engine, new JournalHistory(engineConfig.journalDirectory(), engineConfig.snapshotDirectory()),
                engine.recovery().lastSequence());
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
            }
            throw ex;
        }
        final Node node = new Node(engine, gateway);
        try
        {
            if (engine.recovery().lastSequence() == 0 && !startingMarket.isEmpty())
            {
                for (final Command command : startingMarket)
                {
                    submit(engine, command);
                }
                LOG.log(System.Logger.Level.INFO, "empty journal: set up the starting market (" +
                    startingMarket.size() + " commands)");
            }
            gateway.startAccepting();
            return node;
        }
        catch (final RuntimeException | Error ex)
        {
            node.shutdown();
            throw ex;
        }
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

    public String sessionId()
    {
        return gateway.sessionId();
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
            gateway.stopAccepting();
            try
            {
                finalStateHash = engine.shutdown();
                gateway.engineClosed();
            }
            finally
            {
                gateway.close();
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
