package dev.exengine.protocol.feed;

/**
 * One price level of a {@link MarketBook} side: the total quantity and the number of the orders resting at the price,
 * and the orders themselves, oldest first. Read-only outside this package; reused once it has emptied.
 */
public final class MarketLevel
{
    private long price;
    private long quantity;
    private int orderCount;
    private MarketOrder first;
    private MarketOrder last;
    /** While pooled: the next free level. */
    MarketLevel nextFree;

    MarketLevel init(final long price)
    {
        this.price = price;
        quantity = 0;
        orderCount = 0;
        first = null;
        last = null;
        return this;
    }

    public long price()
    {
        return price;
    }

    /** The sum of the quantities resting at this price. */
    public long quantity()
    {
        return quantity;
    }

    public int orderCount()
    {
        return orderCount;
    }

    /** The oldest order, first to trade; follow {@link MarketOrder#next()} for the others. */
    public MarketOrder first()
    {
        return first;
    }

    void append(final MarketOrder order)
    {
        order.level = this;
        order.previous = last;
        order.next = null;
        if (last == null)
        {
            first = order;
        }
        else
        {
            last.next = order;
        }
        last = order;
        quantity += order.quantity();
        orderCount++;
    }

    void unlink(final MarketOrder order)
    {
        if (order.previous == null)
        {
            first = order.next;
        }
        else
        {
            order.previous.next = order.next;
        }
        if (order.next == null)
        {
            last = order.previous;
        }
        else
        {
            order.next.previous = order.previous;
        }
        order.previous = null;
        order.next = null;
        order.level = null;
        quantity -= order.quantity();
        orderCount--;
    }

    /** The order's quantity changes in place (it keeps its place). */
    void resize(final MarketOrder order, final long newQuantity)
    {
        quantity += newQuantity - order.quantity();
        order.quantity(newQuantity);
    }

    boolean isEmpty()
    {
        return orderCount == 0;
    }
}
