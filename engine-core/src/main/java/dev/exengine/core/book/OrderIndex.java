package dev.exengine.core.book;

/**
 * The live orders by engine order id: an open-addressing table of orders (linear probing, backward-shift deletion)
 * whose slot is the id itself modulo the capacity. Ids are issued sequentially, so recent orders fill consecutive
 * slots without colliding, and the key is read from the order the caller needs anyway: one array, no boxed or
 * parallel key array. Memory follows the number of live orders, not the range of ids.
 * Allocates nothing after warm-up (the table doubles when it is half full).
 */
public final class OrderIndex
{
    private static final int INITIAL_CAPACITY = 1024;

    private Order[] orders = new Order[INITIAL_CAPACITY];
    private int mask = INITIAL_CAPACITY - 1;
    private int size;

    public int size()
    {
        return size;
    }

    /** The order with this id, or null. */
    public Order get(final long orderId)
    {
        final Order[] orders = this.orders;
        final int mask = this.mask;
        for (int slot = (int)orderId & mask; ; slot = (slot + 1) & mask)
        {
            final Order order = orders[slot];
            if (order == null || order.orderId() == orderId)
            {
                return order;
            }
        }
    }

    /** Adds an order whose id is not in the index. */
    public void add(final Order order)
    {
        if (2 * (size + 1) > orders.length)
        {
            grow();
        }
        insert(order);
        size++;
    }

    /** Removes an order that is in the index. */
    public void remove(final Order order)
    {
        final Order[] orders = this.orders;
        final int mask = this.mask;
        int hole = (int)order.orderId() & mask;
        while (orders[hole] != order)
        {
            hole = (hole + 1) & mask;
        }
        // Backward shift: move up every later order of the probe run that may not stay behind the hole.
        for (int slot = (hole + 1) & mask; orders[slot] != null; slot = (slot + 1) & mask)
        {
            final int home = (int)orders[slot].orderId() & mask;
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                orders[hole] = orders[slot];
                hole = slot;
            }
        }
        orders[hole] = null;
        size--;
    }

    private void grow()
    {
        final Order[] old = orders;
        orders = new Order[old.length * 2];
        mask = orders.length - 1;
        for (final Order order : old)
        {
            if (order != null)
            {
                insert(order);
            }
        }
    }

    private void insert(final Order order)
    {
        int slot = (int)order.orderId() & mask;
        while (orders[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        orders[slot] = order;
    }
}
