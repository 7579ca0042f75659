package dev.exengine.core.book;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Account;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.instrument.Instrument;
import dev.exengine.core.risk.RiskGate;

/**
 * NEW_ORDER, CANCEL_ORDER, REPLACE_ORDER and MASS_CANCEL, and the cancellation of a halted instrument's book:
 * validate fully, then mutate and report. Allocates nothing after warm-up.
 */
public final class OrderCommands
{
    private final EngineState state;
    private final EventPublisher events;
    private final Matcher matcher;
    private final LiveOrders liveOrders;
    private final RiskGate riskGate;

    public OrderCommands(final EngineState state, final EventPublisher events)
    {
        this.state = state;
        this.events = events;
        this.matcher = new Matcher(state, events);
        this.liveOrders = state.liveOrders();
        this.riskGate = new RiskGate(liveOrders);
    }

    public void newOrder(final Command command)
    {
        final Account account = state.account(command.accountId());
        final Instrument instrument = state.instrument(command.instrumentId());
        final RejectReason reason = riskGate.checkNewOrder(command, account, instrument);
        if (reason != RejectReason.NONE)
        {
            events.orderRejected(command, reason);
            return;
        }
        final Side side = command.side();
        final boolean market = command.orderType() == OrderType.MARKET;
        final Order order = state.orderPool().acquire().init(state.takeOrderId(), command.clientOrderId(), account,
            instrument.id(), instrument.index(), side, command.orderType(), command.timeInForce(),
            command.postOnly(), market ? 0 : command.price(), command.quantity(), instrument.holdAsset(side));
        events.orderAccepted(order);
        final long hold = riskGate.hold();
        if (hold > 0)
        {
            account.hold(order.holdAsset().index(), hold);
            order.held(hold);
            events.balanceChanged(account, order.holdAsset());
        }
        matcher.matchAndFinish(order, instrument);
    }

    public void cancelOrder(final Command command)
    {
        final Order order = liveOrders.get(command.orderId());
        final Account account = accountOf(command, order);
        final RejectReason reason = account == null ? RejectReason.UNKNOWN_ACCOUNT :
            checkOrder(command, account, order);
        if (reason != RejectReason.NONE)
        {
            events.cancelRejected(command, reason);
            return;
        }
        matcher.end(order, CancelReason.CLIENT);
    }

    public void replaceOrder(final Command command)
    {
        final Order order = liveOrders.get(command.orderId());
        final Account account = accountOf(command, order);
        RejectReason reason = account == null ? RejectReason.UNKNOWN_ACCOUNT :
            account.isSuspended() ? RejectReason.ACCOUNT_SUSPENDED : checkOrder(command, account, order);
        final long price = command.price();
        final long quantity = command.quantity();
        final Instrument instrument = reason == RejectReason.NONE ? state.instrumentAt(order.instrumentIndex()) : null;
        if (reason == RejectReason.NONE)
        {
            reason = riskGate.checkReplace(order, instrument, price, quantity);
        }
        if (reason != RejectReason.NONE)
        {
            events.cancelRejected(command, reason);
            return;
        }
        final OrderBook book = instrument.book();
        final long holdChange = riskGate.hold() - order.held();
        final boolean keepsPriority = price == order.price() && quantity < order.quantity();
        if (keepsPriority)
        {
            book.decrease(order, quantity);
        }
        else if (book.crossesBest(order.side(), price))
        {
            book.remove(order);
            order.amend(price, quantity, quantity - order.filled());
        }
        else
        {
            // Nothing to match: the order goes straight to the back of its new level.
            book.move(order, price, quantity, quantity - order.filled());
        }
        events.orderReplaced(order);
        if (holdChange != 0)
        {
            account.hold(order.holdAsset().index(), holdChange);
            order.held(riskGate.hold());
            events.balanceChanged(account, order.holdAsset());
        }
        if (!order.isResting())
        {
            matcher.matchAndFinish(order, instrument);
        }
    }

    public void massCancel(final Command command)
    {
        final Account account = state.account(command.accountId());
        final int instrumentId = command.instrumentId();
        final RejectReason reason = account == null ? RejectReason.UNKNOWN_ACCOUNT :
            instrumentId != 0 && state.instrument(instrumentId) == null ? RejectReason.UNKNOWN_INSTRUMENT :
            RejectReason.NONE;
        if (reason != RejectReason.NONE)
        {
            events.cancelRejected(command, reason);
            return;
        }
        final AccountOrders orders = liveOrders.of(account);
        int count = 0;
        for (Order order = orders.first(); order != null; order = order.nextOfAccount())
        {
            if (instrumentId == 0 || order.instrumentId() == instrumentId)
            {
                count++;
            }
        }
        events.massCancelDone(command, count);
        Order order = orders.first();
        while (order != null)
        {
            final Order next = order.nextOfAccount();
            if (instrumentId == 0 || order.instrumentId() == instrumentId)
            {
                matcher.end(order, CancelReason.MASS_CANCEL);
            }
            order = next;
        }
    }

    /** Cancels every resting order of a halted instrument: bids best first, then asks best first. */
    public void cancelAll(final Instrument instrument)
    {
        cancelSide(instrument.book().side(Side.BUY));
        cancelSide(instrument.book().side(Side.SELL));
    }

    private void cancelSide(final BookSide side)
    {
        for (Order order = side.bestHead(); order != null; order = side.bestHead())
        {
            matcher.end(order, CancelReason.HALT);
        }
    }

    /**
     * The account a cancel or replace names, or null. Account ids are unique, so when the live order's owner has
     * the command's account id it is that account: the usual case skips the lookup by id.
     */
    private Account accountOf(final Command command, final Order order)
    {
        return order != null && order.account().id() == command.accountId() ? order.account() :
            state.account(command.accountId());
    }

    /**
     * UNKNOWN_ORDER, ORDER_NOT_LIVE, NOT_ORDER_OWNER: the checks a cancel and a replace share; order is the live
     * order with the command's order id, or null.
     */
    private RejectReason checkOrder(final Command command, final Account account, final Order order)
    {
        final long orderId = command.orderId();
        if (orderId <= 0 || orderId >= state.nextOrderId())
        {
            return RejectReason.UNKNOWN_ORDER;
        }
        if (order == null)
        {
            return RejectReason.ORDER_NOT_LIVE;
        }
        return order.account() == account ? RejectReason.NONE : RejectReason.NOT_ORDER_OWNER;
    }
}
