package dev.exengine.gateway.server;

import dev.exengine.pipeline.Engine;

import java.net.InetSocketAddress;

/**
 * An engine and the gateway in front of it, started together by {@link GatewayServer#start}. Closing stops accepting
 * connections, drains and closes the engine (its last events are still stored and sent), then closes the gateway.
 */
public final class ExchangeGateway implements AutoCloseable
{
    private final GatewayServer server;
    private final Engine engine;
    private boolean closed;
    private long finalStateHash;

    ExchangeGateway(final GatewayServer server, final Engine engine)
    {
        this.server = server;
        this.engine = engine;
    }

    public GatewayServer server()
    {
        return server;
    }

    public Engine engine()
    {
        return engine;
    }

    public InetSocketAddress address()
    {
        return server.localAddress();
    }

    /**
     * Closes both in order; later calls return the same hash.
     *
     * @return the engine's final state hash.
     */
    public synchronized long shutdown()
    {
        if (!closed)
        {
            closed = true;
            server.stopAccepting();
            try
            {
                finalStateHash = engine.shutdown();
                server.engineClosed();
            }
            finally
            {
                server.close();
            }
        }
        return finalStateHash;
    }

    @Override
    public void close()
    {
        shutdown();
    }
}
