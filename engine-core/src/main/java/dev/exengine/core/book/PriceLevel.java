package dev.exengine.core.book;

/**
 * The orders at one price, oldest first (an intrusive FIFO), with their total remaining quantity. Pooled.
 * Allocates nothing.
 */
public final class PriceLevel
{
    private long price;
    private Order head;
    private Order tail;
    private long quantity;
    private int orderCount;
    /**
     * How many levels were between this one and the best when its {@link BookSide} last placed or found it: where
     * to start looking for it again. Counted from the best end (the end of the side's arrays) rather than as an
     * array index, so that levels inserted or removed further from the best than this one do not make it stale.
     */
    int distanceHint;

    void init(final long price)
    {
        this.price = price;
        head = null;
        tail = null;
        quantity = 0;
        orderCount = 0;
    }

    public long price()
    {
        return price;
    }

    /** The oldest order, first to match. */
    public Order head()
    {
        return head;
    }

    /** Sum of the remaining quantities. */
    public long quantity()
    {
        return quantity;
    }

    public int orderCount()
    {
        return orderCount;
    }

    boolean isEmpty()
    {
        return orderCount == 0;
    }

    void append(final Order order)
    {
        order.level = this;
        order.previous = tail;
        order.next = null;
        if (tail == null)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        tail = order;
        quantity += order.remaining();
        orderCount++;
    }

    void remove(final Order order)
    {
        if (order.previous == null)
        {
            head = order.next;
        }
        else
        {
            order.previous.next = order.next;
        }
        if (order.next == null)
        {
            tail = order.previous;
        }
        else
        {
            order.next.previous = order.previous;
        }
        order.level = null;
        order.previous = null;
        order.next = null;
        quantity -= order.remaining();
        orderCount--;
    }

    void reduce(final long by)
    {
        quantity -= by;
    }
}
