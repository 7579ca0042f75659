package dev.exengine.core.event;

import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;

/**
 * One thing the business-logic processor reports. A flyweight-like mutable holder: the processor fills one
 * instance per event and hands it to the {@link EventListener}, which copies what it keeps. Which fields are
 * set depends on {@link #type()}; see docs/SEMANTICS.md. Allocates nothing.
 */
public final class Event
{
    private EventType type;
    /** Journal sequence of the command that caused this event. */
    private long sequence;
    /** Timestamp of the command that caused this event. */
    private long timestamp;
    /** The command this event answers. */
    private CommandType commandType;
    private long accountId;
    private long orderId;
    private long clientOrderId;
    private int instrumentId;
    /** Order side; for a trade, the taker's side. */
    private Side side;
    private OrderType orderType;
    private TimeInForce timeInForce;
    private boolean postOnly;
    /** Order price, or the trade price. */
    private long price;
    /** Order total quantity, or the trade quantity. */
    private long quantity;
    private long remainingQuantity;
    private long filledQuantity;
    private RejectReason rejectReason;
    private CancelReason cancelReason;
    private long tradeId;
    private long makerAccountId;
    private long makerOrderId;
    private long makerClientOrderId;
    private long makerRemainingQuantity;
    private long makerFee;
    private long takerAccountId;
    private long takerOrderId;
    private long takerClientOrderId;
    private long takerRemainingQuantity;
    private long takerFee;
    private long transferId;
    private long targetAccountId;
    private int assetId;
    private long amount;
    private long available;
    private long held;
    /** Correlates query answers with the query. */
    private long requestId;
    /** Orders canceled by a mass cancel, answers of a query, orders at a depth level. */
    private int count;
    /** The client's id of a deposit or withdrawal, echoed; 0: none. */
    private long movementId;

    public EventType type()
    {
        return type;
    }

    public Event type(final EventType type)
    {
        this.type = type;
        return this;
    }

    public long sequence()
    {
        return sequence;
    }

    public Event sequence(final long sequence)
    {
        this.sequence = sequence;
        return this;
    }

    public long timestamp()
    {
        return timestamp;
    }

    public Event timestamp(final long timestamp)
    {
        this.timestamp = timestamp;
        return this;
    }

    public CommandType commandType()
    {
        return commandType;
    }

    public Event commandType(final CommandType commandType)
    {
        this.commandType = commandType;
        return this;
    }

    public long accountId()
    {
        return accountId;
    }

    public Event accountId(final long accountId)
    {
        this.accountId = accountId;
        return this;
    }

    public long orderId()
    {
        return orderId;
    }

    public Event orderId(final long orderId)
    {
        this.orderId = orderId;
        return this;
    }

    public long clientOrderId()
    {
        return clientOrderId;
    }

    public Event clientOrderId(final long clientOrderId)
    {
        this.clientOrderId = clientOrderId;
        return this;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public Event instrumentId(final int instrumentId)
    {
        this.instrumentId = instrumentId;
        return this;
    }

    public Side side()
    {
        return side;
    }

    public Event side(final Side side)
    {
        this.side = side;
        return this;
    }

    public OrderType orderType()
    {
        return orderType;
    }

    public Event orderType(final OrderType orderType)
    {
        this.orderType = orderType;
        return this;
    }

    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    public Event timeInForce(final TimeInForce timeInForce)
    {
        this.timeInForce = timeInForce;
        return this;
    }

    public boolean postOnly()
    {
        return postOnly;
    }

    public Event postOnly(final boolean postOnly)
    {
        this.postOnly = postOnly;
        return this;
    }

    public long price()
    {
        return price;
    }

    public Event price(final long price)
    {
        this.price = price;
        return this;
    }

    public long quantity()
    {
        return quantity;
    }

    public Event quantity(final long quantity)
    {
        this.quantity = quantity;
        return this;
    }

    public long remainingQuantity()
    {
        return remainingQuantity;
    }

    public Event remainingQuantity(final long remainingQuantity)
    {
        this.remainingQuantity = remainingQuantity;
        return this;
    }

    public long filledQuantity()
    {
        return filledQuantity;
    }

    public Event filledQuantity(final long filledQuantity)
    {
        this.filledQuantity = filledQuantity;
        return this;
    }

    public RejectReason rejectReason()
    {
        return rejectReason;
    }

    public Event rejectReason(final RejectReason rejectReason)
    {
        this.rejectReason = rejectReason;
        return this;
    }

    public CancelReason cancelReason()
    {
        return cancelReason;
    }

    public Event cancelReason(final CancelReason cancelReason)
    {
        this.cancelReason = cancelReason;
        return this;
    }

    public long tradeId()
    {
        return tradeId;
    }

    public Event tradeId(final long tradeId)
    {
        this.tradeId = tradeId;
        return this;
    }

    public long makerAccountId()
    {
        return makerAccountId;
    }

    public Event makerAccountId(final long makerAccountId)
    {
        this.makerAccountId = makerAccountId;
        return this;
    }

    public long makerOrderId()
    {
        return makerOrderId;
    }

    public Event makerOrderId(final long makerOrderId)
    {
        this.makerOrderId = makerOrderId;
        return this;
    }

    public long makerClientOrderId()
    {
        return makerClientOrderId;
    }

    public Event makerClientOrderId(final long makerClientOrderId)
    {
        this.makerClientOrderId = makerClientOrderId;
        return this;
    }

    public long makerRemainingQuantity()
    {
        return makerRemainingQuantity;
    }

    public Event makerRemainingQuantity(final long makerRemainingQuantity)
    {
        this.makerRemainingQuantity = makerRemainingQuantity;
        return this;
    }

    public long makerFee()
    {
        return makerFee;
    }

    public Event makerFee(final long makerFee)
    {
        this.makerFee = makerFee;
        return this;
    }

    public long takerAccountId()
    {
        return takerAccountId;
    }

    public Event takerAccountId(final long takerAccountId)
    {
        this.takerAccountId = takerAccountId;
        return this;
    }

    public long takerOrderId()
    {
        return takerOrderId;
    }

    public Event takerOrderId(final long takerOrderId)
    {
        this.takerOrderId = takerOrderId;
        return this;
    }

    public long takerClientOrderId()
    {
        return takerClientOrderId;
    }

    public Event takerClientOrderId(final long takerClientOrderId)
    {
        this.takerClientOrderId = takerClientOrderId;
        return this;
    }

    public long takerRemainingQuantity()
    {
        return takerRemainingQuantity;
    }

    public Event takerRemainingQuantity(final long takerRemainingQuantity)
    {
        this.takerRemainingQuantity = takerRemainingQuantity;
        return this;
    }

    public long takerFee()
    {
        return takerFee;
    }

    public Event takerFee(final long takerFee)
    {
        this.takerFee = takerFee;
        return this;
    }

    public long transferId()
    {
        return transferId;
    }

    public Event transferId(final long transferId)
    {
        this.transferId = transferId;
        return this;
    }

    public long targetAccountId()
    {
        return targetAccountId;
    }

    public Event targetAccountId(final long targetAccountId)
    {
        this.targetAccountId = targetAccountId;
        return this;
    }

    public int assetId()
    {
        return assetId;
    }

    public Event assetId(final int assetId)
    {
        this.assetId = assetId;
        return this;
    }

    public long amount()
    {
        return amount;
    }

    public Event amount(final long amount)
    {
        this.amount = amount;
        return this;
    }

    public long available()
    {
        return available;
    }

    public Event available(final long available)
    {
        this.available = available;
        return this;
    }

    public long held()
    {
        return held;
    }

    public Event held(final long held)
    {
        this.held = held;
        return this;
    }

    public long requestId()
    {
        return requestId;
    }

    public Event requestId(final long requestId)
    {
        this.requestId = requestId;
        return this;
    }

    public int count()
    {
        return count;
    }

    public Event count(final int count)
    {
        this.count = count;
        return this;
    }

    public long movementId()
    {
        return movementId;
    }

    public Event movementId(final long movementId)
    {
        this.movementId = movementId;
        return this;
    }

    /**
     * Clears every field so that nothing of a previous use leaks into the next one.
     */
    public Event reset()
    {
        type = null;
        sequence = 0;
        timestamp = 0;
        commandType = null;
        accountId = 0;
        orderId = 0;
        clientOrderId = 0;
        instrumentId = 0;
        side = null;
        orderType = null;
        timeInForce = null;
        postOnly = false;
        price = 0;
        quantity = 0;
        remainingQuantity = 0;
        filledQuantity = 0;
        rejectReason = null;
        cancelReason = null;
        tradeId = 0;
        makerAccountId = 0;
        makerOrderId = 0;
        makerClientOrderId = 0;
        makerRemainingQuantity = 0;
        makerFee = 0;
        takerAccountId = 0;
        takerOrderId = 0;
        takerClientOrderId = 0;
        takerRemainingQuantity = 0;
        takerFee = 0;
        transferId = 0;
        targetAccountId = 0;
        assetId = 0;
        amount = 0;
        available = 0;
        held = 0;
        requestId = 0;
        count = 0;
        movementId = 0;
        return this;
    }

    public Event copyFrom(final Event other)
    {
        type = other.type;
        sequence = other.sequence;
        timestamp = other.timestamp;
        commandType = other.commandType;
        accountId = other.accountId;
        orderId = other.orderId;
        clientOrderId = other.clientOrderId;
        instrumentId = other.instrumentId;
        side = other.side;
        orderType = other.orderType;
        timeInForce = other.timeInForce;
        postOnly = other.postOnly;
        price = other.price;
        quantity = other.quantity;
        remainingQuantity = other.remainingQuantity;
        filledQuantity = other.filledQuantity;
        rejectReason = other.rejectReason;
        cancelReason = other.cancelReason;
        tradeId = other.tradeId;
        makerAccountId = other.makerAccountId;
        makerOrderId = other.makerOrderId;
        makerClientOrderId = other.makerClientOrderId;
        makerRemainingQuantity = other.makerRemainingQuantity;
        makerFee = other.makerFee;
        takerAccountId = other.takerAccountId;
        takerOrderId = other.takerOrderId;
        takerClientOrderId = other.takerClientOrderId;
        takerRemainingQuantity = other.takerRemainingQuantity;
        takerFee = other.takerFee;
        transferId = other.transferId;
        targetAccountId = other.targetAccountId;
        assetId = other.assetId;
        amount = other.amount;
        available = other.available;
        held = other.held;
        requestId = other.requestId;
        count = other.count;
        movementId = other.movementId;
        return this;
    }

    /**
     * Appends the fields that are set (non-zero, non-null) as {@code name=value} pairs: one canonical text form
     * for logs, tools and test comparisons. Allocates; not for the hot path.
     */
    public StringBuilder appendTo(final StringBuilder sb)
    {
        sb.append(type);
        if (sequence != 0)
        {
            sb.append(' ').append("sequence=").append(sequence);
        }
        if (timestamp != 0)
        {
            sb.append(' ').append("timestamp=").append(timestamp);
        }
        if (commandType != null)
        {
            sb.append(' ').append("commandType=").append(commandType);
        }
        if (accountId != 0)
        {
            sb.append(' ').append("accountId=").append(accountId);
        }
        if (orderId != 0)
        {
            sb.append(' ').append("orderId=").append(orderId);
        }
        if (clientOrderId != 0)
        {
            sb.append(' ').append("clientOrderId=").append(clientOrderId);
        }
        if (instrumentId != 0)
        {
            sb.append(' ').append("instrumentId=").append(instrumentId);
        }
        if (side != null)
        {
            sb.append(' ').append("side=").append(side);
        }
        if (orderType != null)
        {
            sb.append(' ').append("orderType=").append(orderType);
        }
        if (timeInForce != null)
        {
            sb.append(' ').append("timeInForce=").append(timeInForce);
        }
        if (postOnly)
        {
            sb.append(' ').append("postOnly");
        }
        if (price != 0)
        {
            sb.append(' ').append("price=").append(price);
        }
        if (quantity != 0)
        {
            sb.append(' ').append("quantity=").append(quantity);
        }
        if (remainingQuantity != 0)
        {
            sb.append(' ').append("remainingQuantity=").append(remainingQuantity);
        }
        if (filledQuantity != 0)
        {
            sb.append(' ').append("filledQuantity=").append(filledQuantity);
        }
        if (rejectReason != null && rejectReason != RejectReason.NONE)
        {
            sb.append(' ').append("rejectReason=").append(rejectReason);
        }
        if (cancelReason != null && cancelReason != CancelReason.NONE)
        {
            sb.append(' ').append("cancelReason=").append(cancelReason);
        }
        if (tradeId != 0)
        {
            sb.append(' ').append("tradeId=").append(tradeId);
        }
        if (makerAccountId != 0)
        {
            sb.append(' ').append("makerAccountId=").append(makerAccountId);
        }
        if (makerOrderId != 0)
        {
            sb.append(' ').append("makerOrderId=").append(makerOrderId);
        }
        if (makerClientOrderId != 0)
        {
            sb.append(' ').append("makerClientOrderId=").append(makerClientOrderId);
        }
        if (makerRemainingQuantity != 0)
        {
            sb.append(' ').append("makerRemainingQuantity=").append(makerRemainingQuantity);
        }
        if (makerFee != 0)
        {
            sb.append(' ').append("makerFee=").append(makerFee);
        }
        if (takerAccountId != 0)
        {
            sb.append(' ').append("takerAccountId=").append(takerAccountId);
        }
        if (takerOrderId != 0)
        {
            sb.append(' ').append("takerOrderId=").append(takerOrderId);
        }
        if (takerClientOrderId != 0)
        {
            sb.append(' ').append("takerClientOrderId=").append(takerClientOrderId);
        }
        if (takerRemainingQuantity != 0)
        {
            sb.append(' ').append("takerRemainingQuantity=").append(takerRemainingQuantity);
        }
        if (takerFee != 0)
        {
            sb.append(' ').append("takerFee=").append(takerFee);
        }
        if (transferId != 0)
        {
            sb.append(' ').append("transferId=").append(transferId);
        }
        if (targetAccountId != 0)
        {
            sb.append(' ').append("targetAccountId=").append(targetAccountId);
        }
        if (assetId != 0)
        {
            sb.append(' ').append("assetId=").append(assetId);
        }
        if (amount != 0)
        {
            sb.append(' ').append("amount=").append(amount);
        }
        if (available != 0)
        {
            sb.append(' ').append("available=").append(available);
        }
        if (held != 0)
        {
            sb.append(' ').append("held=").append(held);
        }
        if (requestId != 0)
        {
            sb.append(' ').append("requestId=").append(requestId);
        }
        if (count != 0)
        {
            sb.append(' ').append("count=").append(count);
        }
        if (movementId != 0)
        {
            sb.append(' ').append("movementId=").append(movementId);
        }
        return sb;
    }

    @Override
    public String toString()
    {
        return appendTo(new StringBuilder(128)).toString();
    }

}
