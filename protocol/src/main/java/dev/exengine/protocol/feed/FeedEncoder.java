package dev.exengine.protocol.feed;

import dev.exengine.protocol.feed.sbe.InstrumentEvent;
import dev.exengine.protocol.feed.sbe.InstrumentSnapshotEncoder;
import dev.exengine.protocol.feed.sbe.InstrumentStateEncoder;
import dev.exengine.protocol.feed.sbe.MessageHeaderEncoder;
import dev.exengine.protocol.feed.sbe.OrderAddedEncoder;
import dev.exengine.protocol.feed.sbe.OrderDeletedEncoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedEncoder;
import dev.exengine.protocol.feed.sbe.OrderReducedEncoder;
import dev.exengine.protocol.feed.sbe.OrderReplacedEncoder;
import dev.exengine.protocol.feed.sbe.PriceLevelsEncoder;
import dev.exengine.protocol.feed.sbe.Side;
import dev.exengine.protocol.feed.sbe.SnapshotEndEncoder;
import dev.exengine.protocol.feed.sbe.SnapshotStartEncoder;
import dev.exengine.protocol.feed.sbe.TradingStatus;
import org.agrona.MutableDirectBuffer;

/**
 * Writes the messages of the market-data feed (schema 7002, docs/PROTOCOL.md section 4): each method writes the SBE
 * header and the block at {@code offset} and returns the length written. One instance per thread; allocates nothing.
 */
public final class FeedEncoder
{
    /** No message of a fixed length is longer: OrderExecuted has the longest block. */
    public static final int MAX_MESSAGE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + OrderExecutedEncoder.BLOCK_LENGTH;
    /** Bytes of one price level of a side in PriceLevels. */
    private static final int LEVEL_LENGTH = PriceLevelsEncoder.BidsEncoder.sbeBlockLength();
    private static final int GROUP_HEADER_LENGTH = PriceLevelsEncoder.BidsEncoder.sbeHeaderSize();

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentStateEncoder instrumentState = new InstrumentStateEncoder();
    private final OrderAddedEncoder orderAdded = new OrderAddedEncoder();
    private final OrderExecutedEncoder orderExecuted = new OrderExecutedEncoder();
    private final OrderDeletedEncoder orderDeleted = new OrderDeletedEncoder();
    private final OrderReducedEncoder orderReduced = new OrderReducedEncoder();
    private final OrderReplacedEncoder orderReplaced = new OrderReplacedEncoder();
    private final SnapshotStartEncoder snapshotStart = new SnapshotStartEncoder();
    private final InstrumentSnapshotEncoder instrumentSnapshot = new InstrumentSnapshotEncoder();
    private final SnapshotEndEncoder snapshotEnd = new SnapshotEndEncoder();
    private final PriceLevelsEncoder priceLevels = new PriceLevelsEncoder();

    /** The length of a PriceLevels message with this many levels on each side at most. */
    public static int priceLevelsLength(final int levelsPerSide)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + PriceLevelsEncoder.BLOCK_LENGTH +
            2 * (GROUP_HEADER_LENGTH + levelsPerSide * LEVEL_LENGTH);
    }

    public int instrumentState(
        final MutableDirectBuffer buffer, final int offset, final long journalSequence, final long timestamp,
        final int instrumentId, final InstrumentEvent event)
    {
        instrumentState.wrapAndApplyHeader(buffer, offset, header)
            .journalSequence(journalSequence)
            .timestamp(timestamp)
            .instrumentId(instrumentId)
            .instrumentEvent(event);
        return MessageHeaderEncoder.ENCODED_LENGTH + instrumentState.encodedLength();
    }

    public int orderAdded(
        final MutableDirectBuffer buffer, final int offset, final long journalSequence, final long timestamp,
        final long orderId, final Side side, final long price, final long quantity, final int instrumentId)
    {
        orderAdded.wrapAndApplyHeader(buffer, offset, header)
            .journalSequence(journalSequence)
            .timestamp(timestamp)
            .orderId(orderId)
            .price(price)
            .quantity(quantity)
            .instrumentId(instrumentId)
            .side(side);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderAdded.encodedLength();
    }

    public int orderExecuted(
        final MutableDirectBuffer buffer, final int offset, final long journalSequence, final long timestamp,
        final long orderId, final long tradeId, final long price, final long quantity, final long remainingQuantity,
        final long aggressorOrderId, final Side aggressorSide, final int instrumentId)
    {
        orderExecuted.wrapAndApplyHeader(buffer, offset, header)
            .journalSequence(journalSequence)
            .timestamp(timestamp)
            .orderId(orderId)
            .tradeId(tradeId)
            .price(price)
            .quantity(quantity)
            .remainingQuantity(remainingQuantity)
            .aggressorOrderId(aggressorOrderId)
            .instrumentId(instrumentId)
            .aggressorSide(aggressorSide);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderExecuted.encodedLength();
    }

    public int orderDeleted(
        final MutableDirectBuffer buffer, final int offset, final long journalSequence, final long timestamp,
        final long orderId, final int instrumentId)
    {
        orderDeleted.wrapAndApplyHeader(buffer, offset, header)
            .journalSequence(journalSequence)
            .timestamp(timestamp)
            .orderId(orderId)
            .instrumentId(instrumentId);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderDeleted.encodedLength();
    }

    public int orderReduced(
        final MutableDirectBuffer buffer, final int offset, final long journalSequence, final long timestamp,
        final long orderId, final long quantity, final int instrumentId)
    {
        orderReduced.wrapAndApplyHeader(buffer, offset, header)
            .journalSequence(journalSequence)
            .timestamp(timestamp)
            .orderId(orderId)
            .quantity(quantity)
            .instrumentId(instrumentId);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderReduced.encodedLength();
    }

    public int orderReplaced(
        final MutableDirectBuffer buffer, final int offset, final long journalSequence, final long timestamp,
        final long orderId, final long price, final long quantity, final int instrumentId)
    {
        orderReplaced.wrapAndApplyHeader(buffer, offset, header)
            .journalSequence(journalSequence)
            .timestamp(timestamp)
            .orderId(orderId)
            .price(price)
            .quantity(quantity)
            .instrumentId(instrumentId);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderReplaced.encodedLength();
    }

    public int snapshotStart(
        final MutableDirectBuffer buffer, final int offset, final long feedSequence, final long journalSequence,
        final long timestamp, final int instrumentCount)
    {
        snapshotStart.wrapAndApplyHeader(buffer, offset, header)
            .feedSequence(feedSequence)
            .journalSequence(journalSequence)
            .timestamp(timestamp)
            .instrumentCount(instrumentCount);
        return MessageHeaderEncoder.ENCODED_LENGTH + snapshotStart.encodedLength();
    }

    public int instrumentSnapshot(
        final MutableDirectBuffer buffer, final int offset, final int instrumentId, final int orderCount,
        final boolean halted)
    {
        instrumentSnapshot.wrapAndApplyHeader(buffer, offset, header)
            .instrumentId(instrumentId)
            .orderCount(orderCount)
            .status(status(halted));
        return MessageHeaderEncoder.ENCODED_LENGTH + instrumentSnapshot.encodedLength();
    }

    public int snapshotEnd(final MutableDirectBuffer buffer, final int offset, final long feedSequence)
    {
        snapshotEnd.wrapAndApplyHeader(buffer, offset, header).feedSequence(feedSequence);
        return MessageHeaderEncoder.ENCODED_LENGTH + snapshotEnd.encodedLength();
    }

    /**
     * The conflated price-level view of one book: its best {@code maxLevels} levels on each side.
     *
     * @param buffer at least {@link #priceLevelsLength}({@code maxLevels}) bytes after offset.
     */
    public int priceLevels(
        final MutableDirectBuffer buffer, final int offset, final long feedSequence, final long timestamp,
        final MarketBook book, final int maxLevels)
    {
        priceLevels.wrapAndApplyHeader(buffer, offset, header)
            .feedSequence(feedSequence)
            .timestamp(timestamp)
            .instrumentId(book.instrumentId())
            .status(status(book.isHalted()));
        final int bidCount = Math.min(maxLevels, book.levelCount(Side.BUY));
        final PriceLevelsEncoder.BidsEncoder bids = priceLevels.bidsCount(bidCount);
        for (int i = 0; i < bidCount; i++)
        {
            final MarketLevel level = book.level(Side.BUY, i);
            bids.next().price(level.price()).quantity(level.quantity()).orderCount(level.orderCount());
        }
        final int askCount = Math.min(maxLevels, book.levelCount(Side.SELL));
        final PriceLevelsEncoder.AsksEncoder asks = priceLevels.asksCount(askCount);
        for (int i = 0; i < askCount; i++)
        {
            final MarketLevel level = book.level(Side.SELL, i);
            asks.next().price(level.price()).quantity(level.quantity()).orderCount(level.orderCount());
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + priceLevels.encodedLength();
    }

    private static TradingStatus status(final boolean halted)
    {
        return halted ? TradingStatus.HALTED : TradingStatus.TRADING;
    }
}
