package dev.exengine.core.book;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.instrument.Instrument;
import dev.exengine.core.math.MoneyMath;
import dev.exengine.core.risk.RiskGate;

/**
 * Steps 2 and 3 of "Matching" in docs/SEMANTICS.md: walks the opposite side for an incoming order, prevents
 * self-trades, settles trades, and ends orders (the one place that releases what an order still holds).
 * Allocates nothing after warm-up.
 */
public final class Matcher
{
    private final EngineState state;
    private final EventPublisher events;
    private final LiveOrders liveOrders;

    Matcher(final EngineState state, final EventPublisher events)
    {
        this.state = state;
        this.events = events;
        this.liveOrders = state.liveOrders();
    }

    /**
     * Matches an incoming (new or replaced, not resting) order, then rests a GTC remainder, cancels any other
     * remainder, or ends a filled order.
     */
    void matchAndFinish(final Order taker, final Instrument instrument)
    {
        final CancelReason stop = match(taker, instrument);
        if (taker.remaining() == 0)
        {
            end(taker, CancelReason.NONE);
        }
        else if (taker.timeInForce() == TimeInForce.GTC)
        {
            if (!taker.isLive())
            {
                liveOrders.add(taker);
            }
            instrument.book().add(taker);
        }
        else
        {
            end(taker, stop);
        }
    }

    /**
     * Ends an order: takes it off the book and out of the live index if it is there, reports ORDER_CANCELED
     * (unless reason is NONE: a filled order), releases what it still holds with its BALANCE_CHANGED if anything
     * was released, and returns it to the pool.
     */
    void end(final Order order, final CancelReason reason)
    {
        if (reason != CancelReason.NONE)
        {
            events.orderCanceled(order, reason);
        }
        if (retire(order, state.instrumentAt(order.instrumentIndex()).book()) > 0)
        {
            events.balanceChanged(order.account(), order.holdAsset());
        }
        state.orderPool().release(order);
    }

    /**
     * @return why the walk stopped with a remainder: MARKET_PROTECTION when the market-buy cap stopped it,
     * otherwise IOC_REMAINDER.
     */
    private CancelReason match(final Order taker, final Instrument instrument)
    {
        final BookSide opposite = instrument.book().side(taker.side().opposite());
        final boolean limit = taker.orderType() == OrderType.LIMIT;
        while (taker.remaining() > 0)
        {
            final Order maker = opposite.bestHead();
            if (maker == null || (limit && !OrderBook.crosses(taker.side(), taker.price(), maker.price())))
            {
                break;
            }
            if (maker.account() == taker.account())
            {
                end(maker, CancelReason.SELF_TRADE);
                continue;
            }
            final long quantity = Math.min(taker.remaining(), maker.remaining());
            if (taker.isMarketBuy())
            {
                final long affordable = RiskGate.affordableQuantity(instrument, maker.price(), quantity,
                    taker.account().available(instrument.quote().index()));
                if (affordable > 0)
                {
                    trade(instrument, taker, maker, affordable);
                }
                if (affordable < quantity)
                {
                    return CancelReason.MARKET_PROTECTION;
                }
            }
            else
            {
                trade(instrument, taker, maker, quantity);
            }
        }
        return CancelReason.IOC_REMAINDER;
    }

    private void trade(final Instrument instrument, final Order taker, final Order maker, final long quantity)
    {
        final long price = maker.price();
        final long notional = instrument.notional(price, quantity);
        final long makerFee = MoneyMath.fee(notional, instrument.makerFeePpm());
        final long takerFee = MoneyMath.fee(notional, instrument.takerFeePpm());
        final boolean takerBuys = taker.side() == Side.BUY;
        final Order buy = takerBuys ? taker : maker;
        final Order sell = takerBuys ? maker : taker;
        final Account buyer = buy.account();
        final Account seller = sell.account();
        final Asset base = instrument.base();
        final Asset quote = instrument.quote();

        final long buyerPays = notional + (takerBuys ? takerFee : makerFee);
        if (buy.isMarketBuy())
        {
            buyer.debit(quote.index(), buyerPays);
        }
        else
        {
            spendHeld(buy, buyerPays);
        }
        buyer.credit(base.index(), quantity);
        spendHeld(sell, quantity);
        seller.credit(quote.index(), notional - (takerBuys ? makerFee : takerFee));
        instrument.feeAccount().credit(quote.index(), makerFee + takerFee);

        taker.fill(quantity);
        instrument.book().fill(maker, quantity);
        final boolean makerDone = maker.remaining() == 0;
        if (makerDone)
        {
            retire(maker, instrument.book());
        }

        events.trade(state.takeTradeId(), taker, maker, price, quantity, makerFee, takerFee);
        events.balanceChanged(buyer, quote);
        events.balanceChanged(buyer, base);
        events.balanceChanged(seller, base);
        events.balanceChanged(seller, quote);
        if (makerFee + takerFee > 0)
        {
            events.balanceChanged(instrument.feeAccount(), quote);
        }
        if (makerDone)
        {
            state.orderPool().release(maker);
        }
    }

    private static void spendHeld(final Order order, final long amount)
    {
        order.held(order.held() - amount);
        order.account().spendHeld(order.holdAsset().index(), amount);
    }

    /**
     * Takes an order off its book (the book of its instrument) and out of the live index, where it is, and releases
     * what it still holds.
     *
     * @return the amount released.
     */
    private long retire(final Order order, final OrderBook book)
    {
        if (order.isResting())
        {
            book.remove(order);
        }
        if (order.isLive())
        {
            liveOrders.remove(order);
        }
        final long released = order.held();
        order.account().hold(order.holdAsset().index(), -released);
        order.held(0);
        return released;
    }
}
