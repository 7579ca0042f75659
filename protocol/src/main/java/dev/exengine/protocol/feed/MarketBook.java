package dev.exengine.protocol.feed;

import dev.exengine.protocol.feed.sbe.Side;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * One instrument's book as the market-data feed describes it: every resting order by its public id, and on each side
 * the price levels those orders make, in price-time priority. The feed's producer keeps one per instrument to derive
 * the feed (and its snapshots and price levels) from the engine's events, and a subscriber's {@link FeedBooks} keeps
 * one per instrument to follow the feed: the same code on both ends.
 *
 * <p>Read-only outside this package: {@link FeedBooks} changes it as the feed's messages say. Single-threaded;
 * allocates nothing after warm-up (orders and levels are reused; the index and the level arrays grow with the book).
 */
public final class MarketBook
{
    private static final Side[] SIDES = {Side.BUY, Side.SELL};

    private final int instrumentId;
    private final Long2ObjectHashMap<MarketOrder> orders = new Long2ObjectHashMap<>();
    private final MarketSide bids = new MarketSide(Side.BUY);
    private final MarketSide asks = new MarketSide(Side.SELL);
    private MarketOrder freeOrders;
    private boolean halted;

    MarketBook(final int instrumentId)
    {
        this.instrumentId = instrumentId;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /** Whether trading is halted (its book is then empty). */
    public boolean isHalted()
    {
        return halted;
    }

    /** Resting orders on both sides. */
    public int orderCount()
    {
        return orders.size();
    }

    public int levelCount(final Side side)
    {
        return side(side).levelCount();
    }

    /**
     * @param depth 0 for the best price, up to {@link #levelCount} - 1.
     */
    public MarketLevel level(final Side side, final int depth)
    {
        return side(side).level(depth);
    }

    /** @return the resting order with this public id, or null. */
    public MarketOrder order(final long orderId)
    {
        return orders.get(orderId);
    }

    /** @return true when an order of this side and limit price would trade with the best order of the other side. */
    public boolean crosses(final Side side, final long price)
    {
        return side(side == Side.BUY ? Side.SELL : Side.BUY).isCrossedBy(price);
    }

    void halted(final boolean halted)
    {
        this.halted = halted;
    }

    /** @return false, changing nothing, when the id rests already or the quantity is not positive. */
    boolean add(final long orderId, final Side side, final long price, final long quantity)
    {
        if (quantity <= 0 || side == null || side == Side.NULL_VAL || orders.containsKey(orderId))
        {
            return false;
        }
        MarketOrder order = freeOrders;
        if (order == null)
        {
            order = new MarketOrder();
        }
        else
        {
            freeOrders = order.next;
        }
        order.init(orderId, side, price, quantity);
        orders.put(orderId, order);
        side(side).append(order);
        return true;
    }

    /** Lowers a resting order's quantity in place. @return false when it is not resting or would not shrink. */
    boolean reduce(final long orderId, final long quantity)
    {
        final MarketOrder order = orders.get(orderId);
        if (order == null || quantity <= 0 || quantity >= order.quantity())
        {
            return false;
        }
        order.level.resize(order, quantity);
        return true;
    }

    /** Moves a resting order to the back of the level of a new price. @return false when it is not resting. */
    boolean replace(final long orderId, final long price, final long quantity)
    {
        final MarketOrder order = orders.get(orderId);
        if (order == null || quantity <= 0)
        {
            return false;
        }
        final MarketSide side = side(order.side());
        side.remove(order);
        order.price(price);
        order.quantity(quantity);
        side.append(order);
        return true;
    }

    /** @return false when the order is not resting. */
    boolean delete(final long orderId)
    {
        final MarketOrder order = orders.remove(orderId);
        if (order == null)
        {
            return false;
        }
        side(order.side()).remove(order);
        order.next = freeOrders;
        freeOrders = order;
        return true;
    }

    void clear()
    {
        for (final Side side : SIDES)
        {
            final MarketSide levels = side(side);
            while (levels.levelCount() > 0)
            {
                delete(levels.level(0).first().orderId());
            }
        }
    }

    private MarketSide side(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }
}
