package dev.exengine.protocol.feed;

import dev.exengine.protocol.feed.sbe.Side;

/**
 * One resting order of a {@link MarketBook}: its public id, side, price and the quantity resting. Read-only outside
 * this package; the book links it into its price level (oldest first) and reuses it once it has left.
 */
public final class MarketOrder
{
    private long orderId;
    private Side side;
    private long price;
    private long quantity;
    MarketLevel level;
    MarketOrder previous;
    /** The next order of the level, or, while the order is pooled, the next free one. */
    MarketOrder next;

    MarketOrder init(final long orderId, final Side side, final long price, final long quantity)
    {
        this.orderId = orderId;
        this.side = side;
        this.price = price;
        this.quantity = quantity;
        return this;
    }

    public long orderId()
    {
        return orderId;
    }

    public Side side()
    {
        return side;
    }

    public long price()
    {
        return price;
    }

    /** The quantity resting. */
    public long quantity()
    {
        return quantity;
    }

    /** The order behind this one at its price level, or null when it is the newest. */
    public MarketOrder next()
    {
        return next;
    }

    void price(final long price)
    {
        this.price = price;
    }

    void quantity(final long quantity)
    {
        this.quantity = quantity;
    }
}
