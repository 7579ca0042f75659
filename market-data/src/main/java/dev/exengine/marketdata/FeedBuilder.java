package dev.exengine.marketdata;

import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.FeedEncoder;
import dev.exengine.protocol.feed.FeedSink;
import dev.exengine.protocol.feed.MarketBook;
import dev.exengine.protocol.feed.MarketOrder;
import dev.exengine.protocol.feed.sbe.InstrumentEvent;
import dev.exengine.protocol.feed.sbe.InstrumentStateDecoder;
import dev.exengine.protocol.feed.sbe.OrderAddedDecoder;
import dev.exengine.protocol.feed.sbe.OrderDeletedDecoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReducedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReplacedDecoder;
import dev.exengine.protocol.feed.sbe.Side;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Derives the public market-data feed from the engine's events, in the order the engine produced them: a pure
 * function of the journal, so every replay of a journal, and every node holding it, derives the same messages (the
 * feed's sequence numbers count them). Nothing of an account, a user or a client order id goes into it; an order's
 * public id is the engine's order id.
 *
 * <table>
 *   <caption>What each event becomes</caption>
 *   <tr><td>ORDER_ACCEPTED of a GTC limit order</td><td>OrderAdded once it rests: at once when it does not cross,
 *       else after its trades, with what is left (nothing when it filled)</td></tr>
 *   <tr><td>TRADE</td><td>OrderExecuted of the resting order, with the trade's id, price, quantity and the incoming
 *       order's side and id</td></tr>
 *   <tr><td>ORDER_CANCELED of a resting order</td><td>OrderDeleted (the remainder of an IOC or market order never
 *       rested: nothing)</td></tr>
 *   <tr><td>ORDER_REPLACED</td><td>OrderReduced when it keeps its place (same price, less quantity); else
 *       OrderReplaced when the new price does not cross; else OrderDeleted, its trades, and OrderAdded for what rests
 *       (it matches like a new order, and is on no book while it does)</td></tr>
 *   <tr><td>ADMIN_DONE of ADD_INSTRUMENT, HALT_INSTRUMENT, RESUME_INSTRUMENT</td><td>InstrumentState (a halt's
 *       cancels follow as OrderDeleted)</td></tr>
 * </table>
 *
 * <p>Whether an order rests is in no event (a GTC remainder rests without one): the builder keeps every book as the
 * feed describes it ({@link FeedBooks}, applying each message it publishes, exactly as a subscriber does) and knows
 * that an incoming GTC limit order has finished matching once nothing is left of it or the other side's best price
 * no longer crosses its limit: the engine's own loop condition, on the same book. The same books give the snapshots
 * and the price levels. Single-threaded; allocates nothing per event after warm-up.
 */
public final class FeedBuilder
{
    private final FeedBooks books = new FeedBooks();
    private final FeedEncoder encoder = new FeedEncoder();
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[FeedEncoder.MAX_MESSAGE_LENGTH]);
    private final FeedSink sink;
    /** The incoming GTC limit order that is matching, 0 when none: it rests once its walk is over. */
    private long takerOrderId;
    private int takerInstrumentId;
    private Side takerSide;
    private long takerPrice;
    private long takerRemaining;
    private long journalSequence;
    private long timestamp;

    /**
     * @param sink receives each message as it is derived, after the builder's books took it.
     */
    public FeedBuilder(final FeedSink sink)
    {
        this.sink = sink;
    }

    /** The books as the messages published so far describe them. */
    public FeedBooks books()
    {
        return books;
    }

    /** The journal sequence of the last message published or restored; 0 before any. */
    public long journalSequence()
    {
        return journalSequence;
    }

    /** The engine timestamp of the last message published or restored; 0 before any. */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * Takes one event of the engine, in the order the engine delivered them.
     *
     * @throws IllegalStateException when the event does not fit the books: the feed no longer describes the engine's
     *                               books, and must not go on.
     */
    public void onEvent(final Event event)
    {
        switch (event.type())
        {
            case ORDER_ACCEPTED -> onOrderAccepted(event);
            case TRADE -> onTrade(event);
            case ORDER_CANCELED -> onOrderCanceled(event);
            case ORDER_REPLACED -> onOrderReplaced(event);
            case ADMIN_DONE -> onAdminDone(event);
            default ->
            {
                // Rejects, balances, transfers, queries: nothing public.
            }
        }
    }

    /**
     * Takes back a message this builder (or another on the same journal) published earlier, without publishing it:
     * how the books are restored from the stored feed after a restart.
     *
     * @throws IllegalStateException when it does not fit the books.
     */
    public void restore(final DirectBuffer buffer, final int offset, final int length)
    {
        apply(buffer, offset, length);
        switch (books.templateId())
        {
            case InstrumentStateDecoder.TEMPLATE_ID ->
                restored(books.instrumentState().journalSequence(), books.instrumentState().timestamp());
            case OrderAddedDecoder.TEMPLATE_ID ->
                restored(books.orderAdded().journalSequence(), books.orderAdded().timestamp());
            case OrderExecutedDecoder.TEMPLATE_ID ->
                restored(books.orderExecuted().journalSequence(), books.orderExecuted().timestamp());
            case OrderDeletedDecoder.TEMPLATE_ID ->
                restored(books.orderDeleted().journalSequence(), books.orderDeleted().timestamp());
            case OrderReducedDecoder.TEMPLATE_ID ->
                restored(books.orderReduced().journalSequence(), books.orderReduced().timestamp());
            case OrderReplacedDecoder.TEMPLATE_ID ->
                restored(books.orderReplaced().journalSequence(), books.orderReplaced().timestamp());
            default -> throw new IllegalStateException("template " + books.templateId() + " is not a feed message");
        }
    }

    private void onOrderAccepted(final Event event)
    {
        requireNoTaker(event);
        if (event.orderType() == OrderType.LIMIT && event.timeInForce() == TimeInForce.GTC)
        {
            matching(event.orderId(), event.instrumentId(), side(event.side()), event.price(), event.quantity());
            restIfMatched(event);
        }
    }

    private void onTrade(final Event event)
    {
        final Side aggressorSide = side(event.side());
        publish(event, encoder.orderExecuted(message, 0, event.sequence(), event.timestamp(), event.makerOrderId(),
            event.tradeId(), event.price(), event.quantity(), event.makerRemainingQuantity(), event.takerOrderId(),
            aggressorSide, event.instrumentId()));
        if (event.takerOrderId() == takerOrderId)
        {
            takerRemaining = event.takerRemainingQuantity();
            restIfMatched(event);
        }
    }

    private void onOrderCanceled(final Event event)
    {
        final MarketBook book = books.book(event.instrumentId());
        if (book == null || book.order(event.orderId()) == null)
        {
            // The remainder of an IOC or market order: it never rested.
            return;
        }
        publish(event, encoder.orderDeleted(message, 0, event.sequence(), event.timestamp(), event.orderId(),
            event.instrumentId()));
        // A resting order canceled by self-trade prevention: the incoming order walks on.
        restIfMatched(event);
    }

    private void onOrderReplaced(final Event event)
    {
        requireNoTaker(event);
        final MarketBook book = books.book(event.instrumentId());
        final MarketOrder order = book == null ? null : book.order(event.orderId());
        if (order == null)
        {
            throw diverged(event, "order " + event.orderId() + " was replaced but does not rest on the feed's book");
        }
        final long price = event.price();
        final long quantity = event.remainingQuantity();
        if (price == order.price() && quantity < order.quantity())
        {
            publish(event, encoder.orderReduced(message, 0, event.sequence(), event.timestamp(), event.orderId(),
                quantity, event.instrumentId()));
        }
        else if (book.crosses(order.side(), price))
        {
            final Side side = order.side();
            publish(event, encoder.orderDeleted(message, 0, event.sequence(), event.timestamp(), event.orderId(),
                event.instrumentId()));
            matching(event.orderId(), event.instrumentId(), side, price, quantity);
        }
        else
        {
            publish(event, encoder.orderReplaced(message, 0, event.sequence(), event.timestamp(), event.orderId(),
                price, quantity, event.instrumentId()));
        }
    }

    private void onAdminDone(final Event event)
    {
        final InstrumentEvent change = switch (event.commandType())
        {
            case ADD_INSTRUMENT -> InstrumentEvent.ADDED;
            case HALT_INSTRUMENT -> InstrumentEvent.HALTED;
            case RESUME_INSTRUMENT -> InstrumentEvent.RESUMED;
            default -> null;
        };
        if (change != null)
        {
            publish(event, encoder.instrumentState(message, 0, event.sequence(), event.timestamp(),
                event.instrumentId(), change));
        }
    }

    private void matching(
        final long orderId, final int instrumentId, final Side side, final long price, final long remaining)
    {
        takerOrderId = orderId;
        takerInstrumentId = instrumentId;
        takerSide = side;
        takerPrice = price;
        takerRemaining = remaining;
    }

    /** Ends the incoming GTC order's walk if it is over: it rests with what is left, if anything is. */
    private void restIfMatched(final Event event)
    {
        if (takerOrderId == 0)
        {
            return;
        }
        if (takerRemaining > 0 && books.book(takerInstrumentId).crosses(takerSide, takerPrice))
        {
            return;
        }
        final long orderId = takerOrderId;
        takerOrderId = 0;
        if (takerRemaining > 0)
        {
            publish(event, encoder.orderAdded(message, 0, event.sequence(), event.timestamp(), orderId, takerSide,
                takerPrice, takerRemaining, takerInstrumentId));
        }
    }

    private void requireNoTaker(final Event event)
    {
        if (takerOrderId != 0)
        {
            throw diverged(event, "order " + takerOrderId + " still crosses the feed's book after its command");
        }
    }

    private void publish(final Event event, final int length)
    {
        apply(message, 0, length);
        journalSequence = event.sequence();
        timestamp = event.timestamp();
        sink.onMessage(message, 0, length);
    }

    private void apply(final DirectBuffer buffer, final int offset, final int length)
    {
        final FeedBooks.Result result = books.apply(buffer, offset, length);
        if (result != FeedBooks.Result.APPLIED)
        {
            throw new IllegalStateException("feed message of template " + books.templateId() +
                " does not fit the feed's books: " + result);
        }
    }

    private void restored(final long journalSequence, final long timestamp)
    {
        this.journalSequence = journalSequence;
        this.timestamp = timestamp;
    }

    private static IllegalStateException diverged(final Event event, final String what)
    {
        return new IllegalStateException("the feed's books differ from the engine's at journal sequence " +
            event.sequence() + ": " + what);
    }

    private static Side side(final dev.exengine.core.command.Side side)
    {
        return side == dev.exengine.core.command.Side.BUY ? Side.BUY : Side.SELL;
    }
}
