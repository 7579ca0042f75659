package dev.exengine.core.command;

/**
 * A command to the business-logic processor. Mutable and reused: producers fill a pre-allocated instance (a ring
 * slot), the processor reads it. Which fields matter depends on {@link #type()}; see docs/SEMANTICS.md.
 * Allocates nothing.
 */
public final class Command
{
    private CommandType type;
    /** Acting account; the source of a transfer. */
    private long accountId;
    /** Destination of a transfer. */
    private long targetAccountId;
    private int assetId;
    /** Display decimals of a new asset. */
    private int scale;
    /** Deposit, withdrawal or transfer amount. */
    private long amount;
    /** Client-given id that makes a transfer idempotent. */
    private long transferId;
    /** Instrument of an order, a mass cancel (0 = all), a depth query or an instrument command. */
    private int instrumentId;
    /** Engine order id that a cancel or replace refers to. */
    private long orderId;
    private long clientOrderId;
    private Side side;
    private OrderType orderType;
    private TimeInForce timeInForce;
    private boolean postOnly;
    private long price;
    /** Order quantity; for a replace the new total quantity. */
    private long quantity;
    private int baseAssetId;
    private int quoteAssetId;
    private long tickSize;
    private long lotSize;
    /** Quote minor units one lot is worth per tick. */
    private long tickValue;
    private long minQuantity;
    private long maxQuantity;
    private int makerFeePpm;
    private int takerFeePpm;
    private long feeAccountId;
    /** Correlates a query with its answers. */
    private long requestId;
    /** Price levels per side asked by a depth query. */
    private int levels;
    /** SKIP_COMMAND: the journal sequence of the command left out. */
    private long skippedSequence;
    /** START_EPOCH: the epoch that starts. */
    private long epoch;
    /** Client-given id that makes a deposit or withdrawal idempotent; 0: none. */
    private long movementId;

    public CommandType type()
    {
        return type;
    }

    public Command type(final CommandType type)
    {
        this.type = type;
        return this;
    }

    public long accountId()
    {
        return accountId;
    }

    public Command accountId(final long accountId)
    {
        this.accountId = accountId;
        return this;
    }

    public long targetAccountId()
    {
        return targetAccountId;
    }

    public Command targetAccountId(final long targetAccountId)
    {
        this.targetAccountId = targetAccountId;
        return this;
    }

    public int assetId()
    {
        return assetId;
    }

    public Command assetId(final int assetId)
    {
        this.assetId = assetId;
        return this;
    }

    public int scale()
    {
        return scale;
    }

    public Command scale(final int scale)
    {
        this.scale = scale;
        return this;
    }

    public long amount()
    {
        return amount;
    }

    public Command amount(final long amount)
    {
        this.amount = amount;
        return this;
    }

    public long transferId()
    {
        return transferId;
    }

    public Command transferId(final long transferId)
    {
        this.transferId = transferId;
        return this;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public Command instrumentId(final int instrumentId)
    {
        this.instrumentId = instrumentId;
        return this;
    }

    public long orderId()
    {
        return orderId;
    }

    public Command orderId(final long orderId)
    {
        this.orderId = orderId;
        return this;
    }

    public long clientOrderId()
    {
        return clientOrderId;
    }

    public Command clientOrderId(final long clientOrderId)
    {
        this.clientOrderId = clientOrderId;
        return this;
    }

    public Side side()
    {
        return side;
    }

    public Command side(final Side side)
    {
        this.side = side;
        return this;
    }

    public OrderType orderType()
    {
        return orderType;
    }

    public Command orderType(final OrderType orderType)
    {
        this.orderType = orderType;
        return this;
    }

    public TimeInForce timeInForce()
    {
        return timeInForce;
    }

    public Command timeInForce(final TimeInForce timeInForce)
    {
        this.timeInForce = timeInForce;
        return this;
    }

    public boolean postOnly()
    {
        return postOnly;
    }

    public Command postOnly(final boolean postOnly)
    {
        this.postOnly = postOnly;
        return this;
    }

    public long price()
    {
        return price;
    }

    public Command price(final long price)
    {
        this.price = price;
        return this;
    }

    public long quantity()
    {
        return quantity;
    }

    public Command quantity(final long quantity)
    {
        this.quantity = quantity;
        return this;
    }

    public int baseAssetId()
    {
        return baseAssetId;
    }

    public Command baseAssetId(final int baseAssetId)
    {
        this.baseAssetId = baseAssetId;
        return this;
    }

    public int quoteAssetId()
    {
        return quoteAssetId;
    }

    public Command quoteAssetId(final int quoteAssetId)
    {
        this.quoteAssetId = quoteAssetId;
        return this;
    }

    public long tickSize()
    {
        return tickSize;
    }

    public Command tickSize(final long tickSize)
    {
        this.tickSize = tickSize;
        return this;
    }

    public long lotSize()
    {
        return lotSize;
    }

    public Command lotSize(final long lotSize)
    {
        this.lotSize = lotSize;
        return this;
    }

    public long tickValue()
    {
        return tickValue;
    }

    public Command tickValue(final long tickValue)
    {
        this.tickValue = tickValue;
        return this;
    }

    public long minQuantity()
    {
        return minQuantity;
    }

    public Command minQuantity(final long minQuantity)
    {
        this.minQuantity = minQuantity;
        return this;
    }

    public long maxQuantity()
    {
        return maxQuantity;
    }

    public Command maxQuantity(final long maxQuantity)
    {
        this.maxQuantity = maxQuantity;
        return this;
    }

    public int makerFeePpm()
    {
        return makerFeePpm;
    }

    public Command makerFeePpm(final int makerFeePpm)
    {
        this.makerFeePpm = makerFeePpm;
        return this;
    }

    public int takerFeePpm()
    {
        return takerFeePpm;
    }

    public Command takerFeePpm(final int takerFeePpm)
    {
        this.takerFeePpm = takerFeePpm;
        return this;
    }

    public long feeAccountId()
    {
        return feeAccountId;
    }

    public Command feeAccountId(final long feeAccountId)
    {
        this.feeAccountId = feeAccountId;
        return this;
    }

    public long requestId()
    {
        return requestId;
    }

    public Command requestId(final long requestId)
    {
        this.requestId = requestId;
        return this;
    }

    public int levels()
    {
        return levels;
    }

    public Command levels(final int levels)
    {
        this.levels = levels;
        return this;
    }

    public long skippedSequence()
    {
        return skippedSequence;
    }

    public Command skippedSequence(final long skippedSequence)
    {
        this.skippedSequence = skippedSequence;
        return this;
    }

    public long epoch()
    {
        return epoch;
    }

    public Command epoch(final long epoch)
    {
        this.epoch = epoch;
        return this;
    }

    public long movementId()
    {
        return movementId;
    }

    public Command movementId(final long movementId)
    {
        this.movementId = movementId;
        return this;
    }

    /**
     * Clears every field so that nothing of a previous use leaks into the next one.
     */
    public Command reset()
    {
        type = null;
        accountId = 0;
        targetAccountId = 0;
        assetId = 0;
        scale = 0;
        amount = 0;
        transferId = 0;
        instrumentId = 0;
        orderId = 0;
        clientOrderId = 0;
        side = null;
        orderType = null;
        timeInForce = null;
        postOnly = false;
        price = 0;
        quantity = 0;
        baseAssetId = 0;
        quoteAssetId = 0;
        tickSize = 0;
        lotSize = 0;
        tickValue = 0;
        minQuantity = 0;
        maxQuantity = 0;
        makerFeePpm = 0;
        takerFeePpm = 0;
        feeAccountId = 0;
        requestId = 0;
        levels = 0;
        skippedSequence = 0;
        epoch = 0;
        movementId = 0;
        return this;
    }

    public Command copyFrom(final Command other)
    {
        type = other.type;
        accountId = other.accountId;
        targetAccountId = other.targetAccountId;
        assetId = other.assetId;
        scale = other.scale;
        amount = other.amount;
        transferId = other.transferId;
        instrumentId = other.instrumentId;
        orderId = other.orderId;
        clientOrderId = other.clientOrderId;
        side = other.side;
        orderType = other.orderType;
        timeInForce = other.timeInForce;
        postOnly = other.postOnly;
        price = other.price;
        quantity = other.quantity;
        baseAssetId = other.baseAssetId;
        quoteAssetId = other.quoteAssetId;
        tickSize = other.tickSize;
        lotSize = other.lotSize;
        tickValue = other.tickValue;
        minQuantity = other.minQuantity;
        maxQuantity = other.maxQuantity;
        makerFeePpm = other.makerFeePpm;
        takerFeePpm = other.takerFeePpm;
        feeAccountId = other.feeAccountId;
        requestId = other.requestId;
        levels = other.levels;
        skippedSequence = other.skippedSequence;
        epoch = other.epoch;
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
        if (accountId != 0)
        {
            sb.append(' ').append("accountId=").append(accountId);
        }
        if (targetAccountId != 0)
        {
            sb.append(' ').append("targetAccountId=").append(targetAccountId);
        }
        if (assetId != 0)
        {
            sb.append(' ').append("assetId=").append(assetId);
        }
        if (scale != 0)
        {
            sb.append(' ').append("scale=").append(scale);
        }
        if (amount != 0)
        {
            sb.append(' ').append("amount=").append(amount);
        }
        if (transferId != 0)
        {
            sb.append(' ').append("transferId=").append(transferId);
        }
        if (instrumentId != 0)
        {
            sb.append(' ').append("instrumentId=").append(instrumentId);
        }
        if (orderId != 0)
        {
            sb.append(' ').append("orderId=").append(orderId);
        }
        if (clientOrderId != 0)
        {
            sb.append(' ').append("clientOrderId=").append(clientOrderId);
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
        if (baseAssetId != 0)
        {
            sb.append(' ').append("baseAssetId=").append(baseAssetId);
        }
        if (quoteAssetId != 0)
        {
            sb.append(' ').append("quoteAssetId=").append(quoteAssetId);
        }
        if (tickSize != 0)
        {
            sb.append(' ').append("tickSize=").append(tickSize);
        }
        if (lotSize != 0)
        {
            sb.append(' ').append("lotSize=").append(lotSize);
        }
        if (tickValue != 0)
        {
            sb.append(' ').append("tickValue=").append(tickValue);
        }
        if (minQuantity != 0)
        {
            sb.append(' ').append("minQuantity=").append(minQuantity);
        }
        if (maxQuantity != 0)
        {
            sb.append(' ').append("maxQuantity=").append(maxQuantity);
        }
        if (makerFeePpm != 0)
        {
            sb.append(' ').append("makerFeePpm=").append(makerFeePpm);
        }
        if (takerFeePpm != 0)
        {
            sb.append(' ').append("takerFeePpm=").append(takerFeePpm);
        }
        if (feeAccountId != 0)
        {
            sb.append(' ').append("feeAccountId=").append(feeAccountId);
        }
        if (requestId != 0)
        {
            sb.append(' ').append("requestId=").append(requestId);
        }
        if (levels != 0)
        {
            sb.append(' ').append("levels=").append(levels);
        }
        if (skippedSequence != 0)
        {
            sb.append(' ').append("skippedSequence=").append(skippedSequence);
        }
        if (epoch != 0)
        {
            sb.append(' ').append("epoch=").append(epoch);
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
