package dev.exengine.protocol.feed;

/**
 * What a feed subscriber's SoupBinTCP login asks for (docs/PROTOCOL.md, section 4): the requested session picks the
 * view, the requested sequence number where the feed starts.
 */
public final class FeedSession
{
    /**
     * The requested session of the conflated price-level view: PriceLevels messages (Unsequenced Data) instead of the
     * sequenced feed. Blank, or the feed's session id, is the feed itself.
     */
    public static final String PRICE_LEVELS = "DEPTH";
    /** The requested sequence number that asks for a snapshot of every book, then the feed from the snapshot on. */
    public static final long SNAPSHOT = 0;

    private FeedSession()
    {
    }
}
