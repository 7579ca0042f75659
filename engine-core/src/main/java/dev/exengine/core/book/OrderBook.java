package dev.exengine.core.book;

import dev.exengine.core.command.Side;
import dev.exengine.core.math.Divisor;

/**
 * The resting orders of one instrument in price-time priority: bids and asks, each a {@link BookSide}. Matching
 * itself (which needs accounts, fees and events) is done by the processor walking this structure best level first.
 * Allocates nothing after warm-up.
 */
public final class OrderBook
{
    private final BookSide bids;
    private final BookSide asks;
    private int orderCount;

    /** @param tickSize the instrument's: every resting order's price is a multiple of it. */
    public OrderBook(final long tickSize)
    {
        if (tickSize < 1)
        {
            throw new IllegalArgumentException("tick size must be positive: " + tickSize);
        }
        final Divisor ticks = new Divisor(tickSize);
        this.bids = new BookSide(Side.BUY, ticks);
        this.asks = new BookSide(Side.SELL, ticks);
    }

    /**
     * @return true when an order of this side and limit price accepts the opposite price.
     */
    public static boolean crosses(final Side side, final long limitPrice, final long oppositePrice)
    {
        return side == Side.BUY ? oppositePrice <= limitPrice : oppositePrice >= limitPrice;
    }

    public BookSide side(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    /**
     * @return true when a limit order of this side and price would cross the best opposite price.
     */
    public boolean crossesBest(final Side side, final long price)
    {
        final BookSide opposite = side(side.opposite());
        return opposite.levelCount() > 0 && crosses(side, price, opposite.bestPrice());
    }

    /** Number of resting orders on both sides. */
    public int orderCount()
    {
        return orderCount;
    }

    /** Rests an order at the back of its price level. */
    public void add(final Order order)
    {
        side(order.side()).append(order);
        orderCount++;
    }

    /**
     * Moves a resting order to the back of the level at a new price, with a new total quantity and remaining: a
     * replace whose new price does not cross, in one step instead of a removal and an insertion.
     */
    public void move(final Order order, final long price, final long quantity, final long remaining)
    {
        side(order.side()).move(order, price, quantity, remaining);
    }

    /** Takes a resting order off the book. */
    public void remove(final Order order)
    {
        side(order.side()).remove(order);
        orderCount--;
    }

    /** Fills a resting order: it keeps its place, or leaves the book when the fill takes all it had left. */
    public void fill(final Order order, final long quantity)
    {
        if (quantity == order.remaining())
        {
            remove(order);
        }
        else
        {
            side(order.side()).reduce(order, quantity);
        }
        order.fill(quantity);
    }

    /** Lowers the total quantity of a resting order, keeping its place (a replace that only decreases). */
    public void decrease(final Order order, final long newQuantity)
    {
        final long by = order.quantity() - newQuantity;
        side(order.side()).reduce(order, by);
        order.amend(order.price(), newQuantity, order.remaining() - by);
    }
}
