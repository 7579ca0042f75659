package dev.exengine.core.instrument;

import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.book.OrderBook;
import dev.exengine.core.command.Side;
import dev.exengine.core.math.Divisor;
import dev.exengine.core.math.MoneyMath;

/**
 * A tradable pair: base quantity against quote price, its tick/lot grid, size limits, fees, fee account, trading
 * status and order book. Allocates nothing.
 */
public final class Instrument
{
    private final int id;
    private final int index;
    private final Asset base;
    private final Asset quote;
    private final long tickSize;
    private final long lotSize;
    private final long tickValue;
    private final Divisor ticks;
    private final Divisor lots;
    private final long minQuantity;
    private final long maxQuantity;
    private final int makerFeePpm;
    private final int takerFeePpm;
    private final Account feeAccount;
    private final OrderBook book;
    private boolean halted;

    public Instrument(
        final int id, final int index, final Asset base, final Asset quote, final long tickSize, final long lotSize,
        final long tickValue, final long minQuantity, final long maxQuantity, final int makerFeePpm,
        final int takerFeePpm, final Account feeAccount, final OrderBook book)
    {
        this.id = id;
        this.index = index;
        this.base = base;
        this.quote = quote;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.tickValue = tickValue;
        this.ticks = new Divisor(tickSize);
        this.lots = new Divisor(lotSize);
        this.minQuantity = minQuantity;
        this.maxQuantity = maxQuantity;
        this.makerFeePpm = makerFeePpm;
        this.takerFeePpm = takerFeePpm;
        this.feeAccount = feeAccount;
        this.book = book;
    }

    /**
     * Quote minor units of a quantity at a price: (price / tickSize) * (quantity / lotSize) * tickValue, or
     * {@link MoneyMath#OVERFLOW}.
     */
    public long notional(final long price, final long quantity)
    {
        return MoneyMath.multiply(MoneyMath.multiply(ticks.divide(price), lots.divide(quantity)), tickValue);
    }

    /** True when the price is a multiple of tickSize. */
    public boolean isOnTick(final long price)
    {
        return ticks.divides(price);
    }

    /** True when the quantity is a multiple of lotSize. */
    public boolean isOnLot(final long quantity)
    {
        return lots.divides(quantity);
    }

    /** quantity / lotSize. */
    public long lotsOf(final long quantity)
    {
        return lots.divide(quantity);
    }

    /** What an order holds: a sell its quantity of base, a limit buy its notional plus the larger fee. */
    public long hold(final Side side, final long price, final long quantity)
    {
        return side == Side.SELL ? quantity :
            MoneyMath.cost(notional(price, quantity), Math.max(makerFeePpm, takerFeePpm));
    }

    /** The asset an order of this side holds. */
    public Asset holdAsset(final Side side)
    {
        return side == Side.BUY ? quote : base;
    }

    public int id()
    {
        return id;
    }

    /** Position in creation order. */
    public int index()
    {
        return index;
    }

    public Asset base()
    {
        return base;
    }

    public Asset quote()
    {
        return quote;
    }

    public long tickSize()
    {
        return tickSize;
    }

    public long lotSize()
    {
        return lotSize;
    }

    public long tickValue()
    {
        return tickValue;
    }

    public long minQuantity()
    {
        return minQuantity;
    }

    public long maxQuantity()
    {
        return maxQuantity;
    }

    public int makerFeePpm()
    {
        return makerFeePpm;
    }

    public int takerFeePpm()
    {
        return takerFeePpm;
    }

    public Account feeAccount()
    {
        return feeAccount;
    }

    public OrderBook book()
    {
        return book;
    }

    public boolean isHalted()
    {
        return halted;
    }

    public void halted(final boolean halted)
    {
        this.halted = halted;
    }
}
