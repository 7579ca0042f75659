package dev.exengine.core.book;

import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;

/**
 * An accepted order, pooled and reused. It is a node of two intrusive doubly-linked lists: its price level's FIFO
 * (kept by its {@link BookSide}) and its account's live orders (order id ascending). Allocates nothing.
 */
public final class Order
{
    private long orderId;
    private long clientOrderId;
    private Account account;
    private int instrumentId;
    private int instrumentIndex;
    private Side side;
    private OrderType orderType;
    private TimeInForce timeInForce;
    private boolean postOnly;
    private long price;
    private long quantity;
    private long remaining;
    /** What the order still holds of {@link #holdAsset}. */
    private long held;
    private Asset holdAsset;
    private boolean live;

    /** Set by the order's {@link BookSide} while it rests there. */
    boolean resting;
    Order previous;
    Order next;
    Order previousOfAccount;
    Order nextOfAccount;

    /**
     * Sets every field of a freshly acquired order; remaining = quantity, nothing held yet.
     */
    public Order init(
        final long orderId, final long clientOrderId, final Account account, final int instrumentId,
        final int instrumentIndex, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final boolean postOnly, final long price, final long quantity, final Asset holdAsset)
    {
        this.orderId = orderId;
        this.clientOrderId = clientOrderId;
        this.account = account;
        this.instrumentId = instrumentId;
        this.instrumentIndex = instrumentIndex;
        this.side = side;
        this.orderType = orderType;
        this.timeInForce = timeInForce;
        this.postOnly = postOnly;
        this.price = price;
        this.quantity = quantity;
        this.remaining = quantity;
        this.held = 0;
        this.holdAsset = holdAsset;
        this.live = false;
        return this;
    }

    public long orderId()
    {
        return orderId;
    }

    public long clientOrderId()
    {
        return clientOrderId;
    }

    public Account account()
    {
        return account;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /** Creation-order index of the instrument. */
    public int instrumentIndex()
    {
        return instrumentIndex;
    }

    public Side side()
    {
        return side;
    }

    public OrderType orderType()
    {
        return orderType;
    }

    public boolean isMarketBuy()
    {
        return orderType == OrderType.MARKET && side == Side.BUY;
    }

    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    public boolean postOnly()
    {
        return postOnly;
    }

    /** The limit price; 0 for a market order. */
    public long price()
    {
        return price;
    }

    /** Total quantity, filled part included. */
    public long quantity()
    {
        return quantity;
    }

    public long remaining()
    {
        return remaining;
    }

    public long filled()
    {
        return quantity - remaining;
    }

    public long held()
    {
        return held;
    }

    public void held(final long held)
    {
        this.held = held;
    }

    public Asset holdAsset()
    {
        return holdAsset;
    }

    /** True while the order is in the live-order index (resting, or being replaced). */
    public boolean isLive()
    {
        return live;
    }

    /** True while the order rests in a price level. */
    public boolean isResting()
    {
        return resting;
    }

    /** The next order at the same price level (time priority), or null. */
    public Order next()
    {
        return next;
    }

    /** The next live order of the same account (order id ascending), or null. */
    public Order nextOfAccount()
    {
        return nextOfAccount;
    }

    /** Fills part of an order that is not resting; a resting one is filled through its book. */
    public void fill(final long fillQuantity)
    {
        remaining -= fillQuantity;
    }

    /** Sets price, total quantity and remaining of an order that is not resting. */
    public void amend(final long price, final long quantity, final long remaining)
    {
        this.price = price;
        this.quantity = quantity;
        this.remaining = remaining;
    }

    void live(final boolean live)
    {
        this.live = live;
    }
}
