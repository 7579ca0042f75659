package dev.exengine.core.book;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The live orders of one account: an intrusive list in order id ascending (orders are appended at acceptance)
 * and an index by client order id for duplicate detection. Allocates nothing after warm-up.
 */
public final class AccountOrders
{
    private final Long2ObjectHashMap<Order> byClientOrderId = new Long2ObjectHashMap<>();
    private Order first;
    private Order last;

    /** The live order with the lowest id, or null; continue with {@link Order#nextOfAccount()}. */
    public Order first()
    {
        return first;
    }

    /** The live order with this client order id, or null. */
    public Order byClientOrderId(final long clientOrderId)
    {
        return byClientOrderId.get(clientOrderId);
    }

    void append(final Order order)
    {
        order.previousOfAccount = last;
        order.nextOfAccount = null;
        if (last == null)
        {
            first = order;
        }
        else
        {
            last.nextOfAccount = order;
        }
        last = order;
        byClientOrderId.put(order.clientOrderId(), order);
    }

    void remove(final Order order)
    {
        if (order.previousOfAccount == null)
        {
            first = order.nextOfAccount;
        }
        else
        {
            order.previousOfAccount.nextOfAccount = order.nextOfAccount;
        }
        if (order.nextOfAccount == null)
        {
            last = order.previousOfAccount;
        }
        else
        {
            order.nextOfAccount.previousOfAccount = order.previousOfAccount;
        }
        order.previousOfAccount = null;
        order.nextOfAccount = null;
        byClientOrderId.remove(order.clientOrderId());
    }
}
