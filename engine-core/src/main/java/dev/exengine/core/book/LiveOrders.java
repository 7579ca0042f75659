package dev.exengine.core.book;

import dev.exengine.core.account.Account;

import java.util.ArrayList;

/**
 * Every live order, by engine order id and per account. Allocates nothing after warm-up.
 */
public final class LiveOrders
{
    private final OrderIndex byId = new OrderIndex();
    private final ArrayList<AccountOrders> byAccount = new ArrayList<>();

    /** Gives a newly opened account (the next account index) its order list. */
    public void openAccount()
    {
        byAccount.add(new AccountOrders());
    }

    /** The live order with this id, or null. */
    public Order get(final long orderId)
    {
        return byId.get(orderId);
    }

    public AccountOrders of(final Account account)
    {
        return byAccount.get(account.index());
    }

    public int size()
    {
        return byId.size();
    }

    /** Makes an order live; orders must be added in id order per account. */
    public void add(final Order order)
    {
        byId.add(order);
        of(order.account()).append(order);
        order.live(true);
    }

    public void remove(final Order order)
    {
        byId.remove(order);
        of(order.account()).remove(order);
        order.live(false);
    }
}
