package dev.exengine.core.risk;

import dev.exengine.core.account.Account;
import dev.exengine.core.book.BookSide;
import dev.exengine.core.book.LiveOrders;
import dev.exengine.core.book.Order;
import dev.exengine.core.book.OrderBook;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.instrument.Instrument;
import dev.exengine.core.math.MoneyMath;

/**
 * Pre-trade checks of new and replaced orders, in the order docs/SEMANTICS.md lists them, and the market-buy cap.
 * A passed check leaves the computed hold in {@link #hold()}. Reads the state, never changes it.
 * Allocates nothing.
 */
public final class RiskGate
{
    private final LiveOrders liveOrders;
    private long hold;

    public RiskGate(final LiveOrders liveOrders)
    {
        this.liveOrders = liveOrders;
    }

    /** The hold computed by the last passed check: new hold of the order (0 for a market buy). */
    public long hold()
    {
        return hold;
    }

    /** A null account or instrument means the command named an unknown one. */
    public RejectReason checkNewOrder(final Command command, final Account account, final Instrument instrument)
    {
        if (account == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (account.isSuspended())
        {
            return RejectReason.ACCOUNT_SUSPENDED;
        }
        if (instrument == null)
        {
            return RejectReason.UNKNOWN_INSTRUMENT;
        }
        if (instrument.isHalted())
        {
            return RejectReason.INSTRUMENT_HALTED;
        }
        final Side side = command.side();
        final OrderType type = command.orderType();
        final TimeInForce timeInForce = command.timeInForce();
        if (side == null || type == null || timeInForce == null ||
            (type == OrderType.MARKET && timeInForce == TimeInForce.GTC) ||
            (command.postOnly() && (type == OrderType.MARKET || timeInForce != TimeInForce.GTC)))
        {
            return RejectReason.INVALID_ORDER_FLAGS;
        }
        final long quantity = command.quantity();
        final long price = command.price();
        final boolean market = type == OrderType.MARKET;
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (!market && price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (!market && !instrument.isOnTick(price))
        {
            return RejectReason.PRICE_OFF_TICK;
        }
        if (!instrument.isOnLot(quantity))
        {
            return RejectReason.QUANTITY_OFF_LOT;
        }
        final RejectReason sizeReason = checkSize(instrument, quantity);
        if (sizeReason != RejectReason.NONE)
        {
            return sizeReason;
        }
        final long newHold = market && side == Side.BUY ? 0 : instrument.hold(side, price, quantity);
        if (newHold == MoneyMath.OVERFLOW ||
            (timeInForce == TimeInForce.GTC && !restsWithin(instrument.book().side(side), 0, quantity)))
        {
            return RejectReason.OVERFLOW;
        }
        if (liveOrders.of(account).byClientOrderId(command.clientOrderId()) != null)
        {
            return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        if (account.available(instrument.holdAsset(side).index()) < newHold)
        {
            return RejectReason.INSUFFICIENT_FUNDS;
        }
        if (command.postOnly() && instrument.book().crossesBest(side, price))
        {
            return RejectReason.POST_ONLY_WOULD_CROSS;
        }
        if (timeInForce == TimeInForce.FOK && !fillable(instrument, account, side, market, price, quantity))
        {
            return RejectReason.FOK_NOT_FILLABLE;
        }
        hold = newHold;
        return RejectReason.NONE;
    }

    /**
     * Checks of a replace once the account and order are known to be valid and owned.
     */
    public RejectReason checkReplace(
        final Order order, final Instrument instrument, final long price, final long quantity)
    {
        if (instrument.isHalted())
        {
            return RejectReason.INSTRUMENT_HALTED;
        }
        if (price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (!instrument.isOnTick(price))
        {
            return RejectReason.PRICE_OFF_TICK;
        }
        if (!instrument.isOnLot(quantity))
        {
            return RejectReason.QUANTITY_OFF_LOT;
        }
        if (quantity <= order.filled())
        {
            return RejectReason.QUANTITY_NOT_ABOVE_FILLED;
        }
        final RejectReason sizeReason = checkSize(instrument, quantity);
        if (sizeReason != RejectReason.NONE)
        {
            return sizeReason;
        }
        if (price == order.price() && quantity == order.quantity())
        {
            return RejectReason.NO_CHANGE;
        }
        final long remaining = quantity - order.filled();
        final long newHold = instrument.hold(order.side(), price, remaining);
        if (newHold == MoneyMath.OVERFLOW ||
            !restsWithin(instrument.book().side(order.side()), order.remaining(), remaining))
        {
            return RejectReason.OVERFLOW;
        }
        // Available is never negative: a hold that does not grow needs no look at it (nor its cache line).
        final long increase = newHold - order.held();
        if (increase > 0 && increase > order.account().available(order.holdAsset().index()))
        {
            return RejectReason.INSUFFICIENT_FUNDS;
        }
        if (order.postOnly() && instrument.book().crossesBest(order.side(), price))
        {
            return RejectReason.POST_ONLY_WOULD_CROSS;
        }
        hold = newHold;
        return RejectReason.NONE;
    }

    /**
     * Whether the side's resting total stays within a long when an order resting {@code resting} of it comes to
     * rest {@code remaining} (the whole quantity: what matching leaves of it is not known yet).
     */
    private static boolean restsWithin(final BookSide side, final long resting, final long remaining)
    {
        return MoneyMath.add(side.restingQuantity() - resting, remaining) != MoneyMath.OVERFLOW;
    }

    /**
     * The market-buy cap: the largest multiple of lotSize, at most maxQuantity, whose notional plus taker fee at
     * this price fits in the available balance (a cost that overflows does not fit).
     */
    public static long affordableQuantity(
        final Instrument instrument, final long price, final long maxQuantity, final long available)
    {
        final long lotSize = instrument.lotSize();
        final long maxLots = instrument.lotsOf(maxQuantity);
        if (affordable(instrument, price, maxLots, available))
        {
            return maxQuantity;
        }
        long low = 0;
        long high = maxLots;
        while (high - low > 1)
        {
            final long middle = low + (high - low) / 2;
            if (affordable(instrument, price, middle, available))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }
        return low * lotSize;
    }

    private static boolean affordable(
        final Instrument instrument, final long price, final long lots, final long available)
    {
        final long cost = takerCost(instrument, price, lots * instrument.lotSize());
        return cost != MoneyMath.OVERFLOW && cost <= available;
    }

    private static long takerCost(final Instrument instrument, final long price, final long quantity)
    {
        return MoneyMath.cost(instrument.notional(price, quantity), instrument.takerFeePpm());
    }

    /** The min/max quantity checks; the lot check comes before them, and for a replace before the filled check. */
    private static RejectReason checkSize(final Instrument instrument, final long quantity)
    {
        if (quantity < instrument.minQuantity())
        {
            return RejectReason.QUANTITY_BELOW_MIN;
        }
        if (quantity > instrument.maxQuantity())
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        return RejectReason.NONE;
    }

    /**
     * FOK: the opposite side at acceptable prices, the account's own orders excluded, covers the quantity; a market
     * buy must also afford every fill it would make.
     */
    private static boolean fillable(
        final Instrument instrument, final Account account, final Side side, final boolean market, final long price,
        final long quantity)
    {
        final BookSide opposite = instrument.book().side(side.opposite());
        final boolean costed = market && side == Side.BUY;
        long needed = quantity;
        long cost = 0;
        for (int level = opposite.bestLevel(); level != BookSide.NO_LEVEL && needed > 0;
            level = opposite.nextLevel(level))
        {
            final long levelPrice = opposite.price(level);
            if (!market && !OrderBook.crosses(side, price, levelPrice))
            {
                break;
            }
            for (Order resting = opposite.head(level); resting != null && needed > 0; resting = resting.next())
            {
                if (resting.account() != account)
                {
                    final long fill = Math.min(needed, resting.remaining());
                    needed -= fill;
                    if (costed)
                    {
                        cost = MoneyMath.add(cost, takerCost(instrument, levelPrice, fill));
                        if (cost == MoneyMath.OVERFLOW)
                        {
                            return false;
                        }
                    }
                }
            }
        }
        return needed == 0 && (!costed || cost <= account.available(instrument.quote().index()));
    }
}
