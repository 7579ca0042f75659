package dev.exengine.core.query;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Account;
import dev.exengine.core.book.BookSide;
import dev.exengine.core.book.Order;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.Side;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.instrument.Instrument;

/**
 * QUERY_BALANCES, QUERY_OPEN_ORDERS and QUERY_DEPTH: answers from the state, which they never change.
 * Allocates nothing.
 */
public final class Queries
{
    private static final int DEFAULT_LEVELS = 10;
    private static final int MAX_LEVELS = 1000;

    private final EngineState state;
    private final EventPublisher events;

    public Queries(final EngineState state, final EventPublisher events)
    {
        this.state = state;
        this.events = events;
    }

    public void balances(final Command command)
    {
        final Account account = state.account(command.accountId());
        if (account == null)
        {
            events.queryOutcome(command, RejectReason.UNKNOWN_ACCOUNT, 0);
            return;
        }
        int count = 0;
        for (int i = 0; i < state.assetCount(); i++)
        {
            if (account.isTouched(i))
            {
                events.balance(account, state.assetAt(i), command.requestId());
                count++;
            }
        }
        events.queryOutcome(command, RejectReason.NONE, count);
    }

    public void openOrders(final Command command)
    {
        final Account account = state.account(command.accountId());
        if (account == null)
        {
            events.queryOutcome(command, RejectReason.UNKNOWN_ACCOUNT, 0);
            return;
        }
        int count = 0;
        for (Order order = state.liveOrders().of(account).first(); order != null; order = order.nextOfAccount())
        {
            events.openOrder(order, command.requestId());
            count++;
        }
        events.queryOutcome(command, RejectReason.NONE, count);
    }

    public void depth(final Command command)
    {
        final Instrument instrument = state.instrument(command.instrumentId());
        if (instrument == null)
        {
            events.queryOutcome(command, RejectReason.UNKNOWN_INSTRUMENT, 0);
            return;
        }
        final int levels = command.levels() <= 0 ? DEFAULT_LEVELS : Math.min(command.levels(), MAX_LEVELS);
        final int count = depthOf(instrument, instrument.book().side(Side.BUY), levels, command.requestId()) +
            depthOf(instrument, instrument.book().side(Side.SELL), levels, command.requestId());
        events.queryOutcome(command, RejectReason.NONE, count);
    }

    private int depthOf(final Instrument instrument, final BookSide side, final int levels, final long requestId)
    {
        int count = 0;
        for (int level = side.bestLevel(); level != BookSide.NO_LEVEL && count < levels; level = side.nextLevel(level))
        {
            events.depthLevel(instrument.id(), side.side(), side.price(level), side.quantity(level),
                side.orderCount(level), requestId);
            count++;
        }
        return count;
    }
}
