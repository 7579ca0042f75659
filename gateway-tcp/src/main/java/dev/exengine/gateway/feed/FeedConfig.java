package dev.exengine.gateway.feed;

import dev.exengine.gateway.GatewayConfig;

import java.util.Objects;

/**
 * Everything the market-data feed server is configured with; fluent, validated by {@link #validate()} when the server
 * is built. Its port is a SoupBinTCP port like the gateway's, configured the same way ({@link #port()}: listen
 * address, data directory, the feed's own users, connection limits, timers, clocks); the rest is the feed's.
 */
public final class FeedConfig
{
    private GatewayConfig port = new GatewayConfig().sendBufferBytes(256 << 10).maxConnections(256);
    private boolean anonymous;
    private long maxLagMessages = 1_000_000;
    private int priceLevels = 10;
    private long priceLevelsIntervalMillis = 100;
    private long snapshotMaxAgeMillis = 1_000;

    /**
     * The feed's SoupBinTCP port: listen address, data directory (the stored feed), users (read-only credentials:
     * they log in here and nowhere else), limits (connections, send buffer per subscriber), timers and clocks.
     */
    public GatewayConfig port()
    {
        return port;
    }

    public FeedConfig port(final GatewayConfig port)
    {
        this.port = port;
        return this;
    }

    /** Whether a subscriber may log in with a blank user name (any password), unchecked. Default false. */
    public boolean anonymous()
    {
        return anonymous;
    }

    public FeedConfig anonymous(final boolean anonymous)
    {
        this.anonymous = anonymous;
        return this;
    }

    /**
     * How much further behind the feed's end (messages stored and not yet sent to it) a subscriber may fall than it has
     * been at its closest since it subscribed, before it is disconnected. Behind, it is served from the stored feed as
     * its socket takes more, costing nothing but its send buffer; one that asked for old messages catches up at its
     * pace, one that stops reading is cut off once the feed has moved on this far.
     */
    public long maxLagMessages()
    {
        return maxLagMessages;
    }

    public FeedConfig maxLagMessages(final long maxLagMessages)
    {
        this.maxLagMessages = maxLagMessages;
        return this;
    }

    /** Price levels per side in the conflated view. */
    public int priceLevels()
    {
        return priceLevels;
    }

    public FeedConfig priceLevels(final int priceLevels)
    {
        this.priceLevels = priceLevels;
        return this;
    }

    /** The conflated view's period: at most one PriceLevels per instrument and subscriber in it. */
    public long priceLevelsIntervalMillis()
    {
        return priceLevelsIntervalMillis;
    }

    public FeedConfig priceLevelsIntervalMillis(final long priceLevelsIntervalMillis)
    {
        this.priceLevelsIntervalMillis = priceLevelsIntervalMillis;
        return this;
    }

    /**
     * Subscribers joining with sequence 0 within this long share one snapshot (it is made at most this often while the
     * feed moves); each then catches up from the stored feed.
     */
    public long snapshotMaxAgeMillis()
    {
        return snapshotMaxAgeMillis;
    }

    public FeedConfig snapshotMaxAgeMillis(final long snapshotMaxAgeMillis)
    {
        this.snapshotMaxAgeMillis = snapshotMaxAgeMillis;
        return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting that is missing or out of range.
     */
    public FeedConfig validate()
    {
        Objects.requireNonNull(port, "port");
        port.validate();
        require(maxLagMessages >= 1, "maxLagMessages >= 1");
        require(priceLevels >= 1 && priceLevels <= 1000, "priceLevels in [1, 1000]");
        require(priceLevelsIntervalMillis >= 1, "priceLevelsIntervalMillis >= 1");
        require(snapshotMaxAgeMillis >= 0, "snapshotMaxAgeMillis >= 0");
        return this;
    }

    private static void require(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("market-data configuration: " + what);
        }
    }
}
