package dev.exengine.protocol.feed;

import dev.exengine.protocol.feed.sbe.InstrumentEvent;
import dev.exengine.protocol.feed.sbe.InstrumentSnapshotDecoder;
import dev.exengine.protocol.feed.sbe.InstrumentStateDecoder;
import dev.exengine.protocol.feed.sbe.MessageHeaderDecoder;
import dev.exengine.protocol.feed.sbe.OrderAddedDecoder;
import dev.exengine.protocol.feed.sbe.OrderDeletedDecoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReducedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReplacedDecoder;
import dev.exengine.protocol.feed.sbe.Side;
import dev.exengine.protocol.feed.sbe.SnapshotEndDecoder;
import dev.exengine.protocol.feed.sbe.SnapshotStartDecoder;
import dev.exengine.protocol.feed.sbe.TradingStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Every instrument's {@link MarketBook} as the market-data feed describes it, kept by applying the feed's messages
 * ({@link #apply}): the sequenced ones (instrument state, orders added, executed, deleted, reduced, replaced) and a
 * snapshot's, which replace every book. What each message does to a book is written once, here, for both ends of the
 * feed: the producer applies what it publishes, a subscriber what it receives, so the two hold the same books.
 *
 * <p>A message that does not fit the books (an order added twice, a change to an order that is not resting, an
 * execution that does not add up) changes nothing and is reported: the books no longer follow the feed. Decoders
 * honour the acting block length and version of the header. After a message was applied its decoder (for instance
 * {@link #orderExecuted()}) reads its fields. Single-threaded; allocates nothing per message after warm-up, except
 * for a new instrument and when a snapshot replaces every book.
 */
public final class FeedBooks
{
    /** What {@link #apply} did with a message. */
    public enum Result
    {
        /** The books follow the message. */
        APPLIED,
        /** Truncated, of another schema, a block shorter than its fields, or an enum code this version does not know. */
        MALFORMED,
        /** A template that changes no book here (PriceLevels), or one this version does not know. */
        NOT_A_BOOK_MESSAGE,
        /** Well formed, but it does not fit the books; nothing changed. */
        INCONSISTENT
    }

    private final Int2ObjectHashMap<MarketBook> byId = new Int2ObjectHashMap<>();
    private final List<MarketBook> books = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentStateDecoder instrumentState = new InstrumentStateDecoder();
    private final OrderAddedDecoder orderAdded = new OrderAddedDecoder();
    private final OrderExecutedDecoder orderExecuted = new OrderExecutedDecoder();
    private final OrderDeletedDecoder orderDeleted = new OrderDeletedDecoder();
    private final OrderReducedDecoder orderReduced = new OrderReducedDecoder();
    private final OrderReplacedDecoder orderReplaced = new OrderReplacedDecoder();
    private final SnapshotStartDecoder snapshotStart = new SnapshotStartDecoder();
    private final InstrumentSnapshotDecoder instrumentSnapshot = new InstrumentSnapshotDecoder();
    private final SnapshotEndDecoder snapshotEnd = new SnapshotEndDecoder();
    private int templateId;

    /** @return the book of the instrument, or null when the feed has not added it. */
    public MarketBook book(final int instrumentId)
    {
        return byId.get(instrumentId);
    }

    /** Instruments in the order the feed added them. */
    public int bookCount()
    {
        return books.size();
    }

    public MarketBook bookAt(final int index)
    {
        return books.get(index);
    }

    /** The template id of the message last given to {@link #apply}; 0 when it had no readable header. */
    public int templateId()
    {
        return templateId;
    }

    public InstrumentStateDecoder instrumentState()
    {
        return instrumentState;
    }

    public OrderAddedDecoder orderAdded()
    {
        return orderAdded;
    }

    public OrderExecutedDecoder orderExecuted()
    {
        return orderExecuted;
    }

    public OrderDeletedDecoder orderDeleted()
    {
        return orderDeleted;
    }

    public OrderReducedDecoder orderReduced()
    {
        return orderReduced;
    }

    public OrderReplacedDecoder orderReplaced()
    {
        return orderReplaced;
    }

    public SnapshotStartDecoder snapshotStart()
    {
        return snapshotStart;
    }

    public InstrumentSnapshotDecoder instrumentSnapshot()
    {
        return instrumentSnapshot;
    }

    public SnapshotEndDecoder snapshotEnd()
    {
        return snapshotEnd;
    }

    /** Forgets every book. */
    public void clear()
    {
        for (int i = 0; i < books.size(); i++)
        {
            books.get(i).clear();
        }
        books.clear();
        byId.clear();
    }

    /**
     * Applies one feed message (a whole SBE message: header and block).
     */
    public Result apply(final DirectBuffer buffer, final int offset, final int length)
    {
        templateId = 0;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return Result.MALFORMED;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            length - MessageHeaderDecoder.ENCODED_LENGTH < header.blockLength())
        {
            return Result.MALFORMED;
        }
        templateId = header.templateId();
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        return switch (templateId)
        {
            case InstrumentStateDecoder.TEMPLATE_ID -> blockLength < InstrumentStateDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onInstrumentState(instrumentState.wrap(buffer, body, blockLength, version));
            case OrderAddedDecoder.TEMPLATE_ID -> blockLength < OrderAddedDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onOrderAdded(orderAdded.wrap(buffer, body, blockLength, version));
            case OrderExecutedDecoder.TEMPLATE_ID -> blockLength < OrderExecutedDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onOrderExecuted(orderExecuted.wrap(buffer, body, blockLength, version));
            case OrderDeletedDecoder.TEMPLATE_ID -> blockLength < OrderDeletedDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onOrderDeleted(orderDeleted.wrap(buffer, body, blockLength, version));
            case OrderReducedDecoder.TEMPLATE_ID -> blockLength < OrderReducedDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onOrderReduced(orderReduced.wrap(buffer, body, blockLength, version));
            case OrderReplacedDecoder.TEMPLATE_ID -> blockLength < OrderReplacedDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onOrderReplaced(orderReplaced.wrap(buffer, body, blockLength, version));
            case SnapshotStartDecoder.TEMPLATE_ID -> blockLength < SnapshotStartDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onSnapshotStart(snapshotStart.wrap(buffer, body, blockLength, version));
            case InstrumentSnapshotDecoder.TEMPLATE_ID -> blockLength < InstrumentSnapshotDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onInstrumentSnapshot(instrumentSnapshot.wrap(buffer, body, blockLength, version));
            case SnapshotEndDecoder.TEMPLATE_ID -> blockLength < SnapshotEndDecoder.BLOCK_LENGTH ?
                Result.MALFORMED : onSnapshotEnd(snapshotEnd.wrap(buffer, body, blockLength, version));
            default -> Result.NOT_A_BOOK_MESSAGE;
        };
    }

    /**
     * Writes a snapshot of every book: SnapshotStart, then for each instrument in the order the feed added them its
     * InstrumentSnapshot and an OrderAdded per resting order (bids best price first, then asks, each level oldest
     * first), then SnapshotEnd. Applied to any {@code FeedBooks}, they give these books.
     *
     * @param feedSequence    the last feed message these books include.
     * @param journalSequence and {@code timestamp}: that message's, carried by the snapshot's messages.
     * @param scratch         where each message is encoded before the sink gets it; {@link FeedEncoder#MAX_MESSAGE_LENGTH}
     *                        bytes at least.
     */
    public void writeSnapshot(
        final long feedSequence, final long journalSequence, final long timestamp, final FeedEncoder encoder,
        final MutableDirectBuffer scratch, final FeedSink sink)
    {
        sink.onMessage(scratch, 0,
            encoder.snapshotStart(scratch, 0, feedSequence, journalSequence, timestamp, books.size()));
        for (int i = 0; i < books.size(); i++)
        {
            final MarketBook book = books.get(i);
            sink.onMessage(scratch, 0,
                encoder.instrumentSnapshot(scratch, 0, book.instrumentId(), book.orderCount(), book.isHalted()));
            writeOrders(book, Side.BUY, journalSequence, timestamp, encoder, scratch, sink);
            writeOrders(book, Side.SELL, journalSequence, timestamp, encoder, scratch, sink);
        }
        sink.onMessage(scratch, 0, encoder.snapshotEnd(scratch, 0, feedSequence));
    }

    private static void writeOrders(
        final MarketBook book, final Side side, final long journalSequence, final long timestamp,
        final FeedEncoder encoder, final MutableDirectBuffer scratch, final FeedSink sink)
    {
        for (int depth = 0; depth < book.levelCount(side); depth++)
        {
            for (MarketOrder order = book.level(side, depth).first(); order != null; order = order.next())
            {
                sink.onMessage(scratch, 0, encoder.orderAdded(scratch, 0, journalSequence, timestamp,
                    order.orderId(), side, order.price(), order.quantity(), book.instrumentId()));
            }
        }
    }

    private Result onInstrumentState(final InstrumentStateDecoder message)
    {
        final int instrumentId = message.instrumentId();
        final MarketBook book = byId.get(instrumentId);
        final short event = message.instrumentEventRaw();
        if (event == InstrumentEvent.ADDED.value())
        {
            if (book != null)
            {
                return Result.INCONSISTENT;
            }
            add(instrumentId, false);
            return Result.APPLIED;
        }
        if (event != InstrumentEvent.HALTED.value() && event != InstrumentEvent.RESUMED.value())
        {
            return Result.MALFORMED;
        }
        final boolean halt = event == InstrumentEvent.HALTED.value();
        if (book == null || book.isHalted() == halt)
        {
            return Result.INCONSISTENT;
        }
        // A halt's OrderDeleted messages follow it: the book empties one order at a time.
        book.halted(halt);
        return Result.APPLIED;
    }

    private Result onOrderAdded(final OrderAddedDecoder message)
    {
        final short side = message.sideRaw();
        if (side != Side.BUY.value() && side != Side.SELL.value())
        {
            return Result.MALFORMED;
        }
        final MarketBook book = byId.get(message.instrumentId());
        return book != null && book.add(message.orderId(), Side.get(side), message.price(), message.quantity()) ?
            Result.APPLIED : Result.INCONSISTENT;
    }

    private Result onOrderExecuted(final OrderExecutedDecoder message)
    {
        final short side = message.aggressorSideRaw();
        if (side != Side.BUY.value() && side != Side.SELL.value())
        {
            return Result.MALFORMED;
        }
        final MarketBook book = byId.get(message.instrumentId());
        final MarketOrder order = book == null ? null : book.order(message.orderId());
        final long remaining = message.remainingQuantity();
        // A trade is at the resting order's price, against the other side, and takes what it says from it.
        if (order == null || order.price() != message.price() || order.side().value() == side ||
            message.quantity() <= 0 || order.quantity() - message.quantity() != remaining)
        {
            return Result.INCONSISTENT;
        }
        if (remaining == 0)
        {
            book.delete(order.orderId());
        }
        else
        {
            book.reduce(order.orderId(), remaining);
        }
        return Result.APPLIED;
    }

    private Result onOrderDeleted(final OrderDeletedDecoder message)
    {
        final MarketBook book = byId.get(message.instrumentId());
        return book != null && book.delete(message.orderId()) ? Result.APPLIED : Result.INCONSISTENT;
    }

    private Result onOrderReduced(final OrderReducedDecoder message)
    {
        final MarketBook book = byId.get(message.instrumentId());
        return book != null && book.reduce(message.orderId(), message.quantity()) ?
            Result.APPLIED : Result.INCONSISTENT;
    }

    private Result onOrderReplaced(final OrderReplacedDecoder message)
    {
        final MarketBook book = byId.get(message.instrumentId());
        return book != null && book.replace(message.orderId(), message.price(), message.quantity()) ?
            Result.APPLIED : Result.INCONSISTENT;
    }

    private Result onSnapshotStart(final SnapshotStartDecoder message)
    {
        clear();
        return Result.APPLIED;
    }

    private Result onInstrumentSnapshot(final InstrumentSnapshotDecoder message)
    {
        final short status = message.statusRaw();
        if (status != TradingStatus.TRADING.value() && status != TradingStatus.HALTED.value())
        {
            return Result.MALFORMED;
        }
        if (byId.containsKey(message.instrumentId()))
        {
            return Result.INCONSISTENT;
        }
        add(message.instrumentId(), status == TradingStatus.HALTED.value());
        return Result.APPLIED;
    }

    private Result onSnapshotEnd(final SnapshotEndDecoder message)
    {
        return Result.APPLIED;
    }

    private void add(final int instrumentId, final boolean halted)
    {
        final MarketBook book = new MarketBook(instrumentId);
        book.halted(halted);
        byId.put(instrumentId, book);
        books.add(book);
    }
}
