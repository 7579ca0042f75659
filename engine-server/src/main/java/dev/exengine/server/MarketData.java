package dev.exengine.server;

import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.gateway.feed.FeedServer;

/**
 * The node's market-data feed, when configured ({@code market-data.listen}): its life cycle beside the gateway's, kept
 * here so that the node wires it in a few calls, each a no-op when the feed is off. The order is the gateway's: its
 * output registered with the engine, started after the engine (catching up from the journal before it listens),
 * accepting with the gateway, stopping to accept first and closed after the engine, so that the engine's last events
 * are in the feed.
 */
final class MarketData implements AutoCloseable
{
    private final FeedServer server;

    /**
     * @param config null for no feed.
     */
    MarketData(final FeedConfig config)
    {
        this.server = config == null ? null : new FeedServer(config);
    }

    /** The engine's outputs: the gateway's, and the feed's when there is one. */
    EngineOutput[] outputs(final EngineOutput gateway)
    {
        return server == null ? new EngineOutput[] {gateway} : new EngineOutput[] {gateway, server.engineOutput()};
    }

    /** The feed server, or null when there is none. */
    FeedServer server()
    {
        return server;
    }

    void start(final EventHistory history, final long recoveredThrough)
    {
        if (server != null)
        {
            server.start(history, recoveredThrough);
        }
    }

    void startAccepting()
    {
        if (server != null)
        {
            server.startAccepting();
        }
    }

    void stopAccepting()
    {
        if (server != null)
        {
            server.stopAccepting();
        }
    }

    @Override
    public void close()
    {
        if (server != null)
        {
            server.close();
        }
    }
}
