package dev.exengine.core.book;

/**
 * The live orders by engine order id: an open-addressing table (linear probing, backward-shift deletion) whose slot
 * is the id itself modulo the capacity. Ids are issued sequentially, so recent orders fill consecutive slots without
 * colliding. Beside each order the table keeps a tag, the low 32 bits of its id, in a parallel array: probing compares
 * tags, and only the order found is fetched, where comparing the ids of the orders themselves would fetch every order
 * of a collision run (each a cache miss in a large book). Memory follows the number of live orders, not the range of
 * ids. Allocates nothing after warm-up (the table doubles when it is half full).
 */
public final class OrderIndex
{
    private static final int INITIAL_CAPACITY = 1024;

    private Order[] orders = new Order[INITIAL_CAPACITY];
    private int[] tags = new int[INITIAL_CAPACITY];
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
        final int[] tags = this.tags;
        final int mask = this.mask;
        final int tag = (int)orderId;
        for (int slot = tag & mask; ; slot = (slot + 1) & mask)
        {
            // An empty slot's tag is 0, which is also the tag of every id that is a multiple of 2^32.
            final int slotTag = tags[slot];
            if (slotTag == tag || slotTag == 0)
            {
                final Order order = orders[slot];
                if (order == null || order.orderId() == orderId)
                {
                    return order;
                }
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
        final int[] tags = this.tags;
        final int mask = this.mask;
        int hole = (int)order.orderId() & mask;
        while (orders[hole] != order)
        {
            hole = (hole + 1) & mask;
        }
        // Backward shift: move up every later order of the probe run that may not stay behind the hole. An order's
        // home slot is its tag modulo the capacity (the capacity is below 2^32).
        for (int slot = (hole + 1) & mask; orders[slot] != null; slot = (slot + 1) & mask)
        {
            final int home = tags[slot] & mask;
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                orders[hole] = orders[slot];
                tags[hole] = tags[slot];
                hole = slot;
            }
        }
        orders[hole] = null;
        tags[hole] = 0;
        size--;
    }

    private void grow()
    {
        final Order[] old = orders;
        orders = new Order[old.length * 2];
        tags = new int[old.length * 2];
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
        final int tag = (int)order.orderId();
        int slot = tag & mask;
        while (orders[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        orders[slot] = order;
        tags[slot] = tag;
    }
}
