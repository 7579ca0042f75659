package dev.exengine.server;

import dev.exengine.core.command.Command;
import dev.exengine.gateway.server.ExchangeGateway;
import dev.exengine.gateway.server.GatewayServer;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.SubmitResult;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The engine and its TCP gateway as one server: starts both (recovering from the data directory), sets up the
 * starting market on an empty journal, and shuts down in order: stop accepting, drain, snapshot, close.
 */
public final class EngineServer implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(EngineServer.class.getName());
    /** Origin of the commands the server sends itself (the starting market); user origins start at 1. */
    private static final long SERVER_ORIGIN = 0;

    private final ExchangeGateway gateway;

    private EngineServer(final ExchangeGateway gateway)
    {
        this.gateway = gateway;
    }

    public static EngineServer start(final ServerSettings settings)
    {
        return start(settings, false);
    }

    /**
     * @param newSession end the gateway's SoupBinTCP session and start a new one
     *                   (see {@code GatewayConfig#newSession}).
     */
    public static EngineServer start(final ServerSettings settings, final boolean newSession)
    {
        final ExchangeGateway gateway =
            GatewayServer.start(settings.gatewayConfig().newSession(newSession), settings.engineConfig());
        try
        {
            final Engine engine = gateway.engine();
            if (engine.recovery().lastSequence() == 0)
            {
                final List<Command> market = settings.marketCommands();
                for (final Command command : market)
                {
                    submit(engine, command);
                }
                LOG.log(System.Logger.Level.INFO, "empty journal: set up the starting market (" + market.size() +
                    " commands)");
            }
            LOG.log(System.Logger.Level.INFO, "listening on " + gateway.address() + ", session " +
                gateway.server().sessionId() + ", data in " + settings.dataDirectory().toAbsolutePath());
            return new EngineServer(gateway);
        }
        catch (final RuntimeException ex)
        {
            gateway.shutdown();
            throw ex;
        }
    }

    public InetSocketAddress address()
    {
        return gateway.address();
    }

    public String sessionId()
    {
        return gateway.server().sessionId();
    }

    /**
     * Waits until the gateway's server thread ends: after {@link #shutdown()}, or on its own after a fatal error.
     *
     * @return the error that ended it, or null for an orderly stop.
     */
    public Throwable awaitGatewayStop() throws InterruptedException
    {
        return gateway.server().awaitStop();
    }

    /**
     * @return the engine's final state hash.
     */
    public long shutdown()
    {
        return gateway.shutdown();
    }

    @Override
    public void close()
    {
        shutdown();
    }

    private static void submit(final Engine engine, final Command command)
    {
        SubmitResult result;
        while ((result = engine.submit(SERVER_ORIGIN, command)) == SubmitResult.BUSY)
        {
            Thread.onSpinWait();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("engine refused " + command + ": " + result);
        }
    }
}
