package dev.exengine.marketdata;

import dev.exengine.protocol.feed.sbe.InstrumentSnapshotDecoder;
import dev.exengine.protocol.feed.sbe.InstrumentStateDecoder;
import dev.exengine.protocol.feed.sbe.MessageHeaderDecoder;
import dev.exengine.protocol.feed.sbe.OrderAddedDecoder;
import dev.exengine.protocol.feed.sbe.OrderDeletedDecoder;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReducedDecoder;
import dev.exengine.protocol.feed.sbe.OrderReplacedDecoder;
import dev.exengine.protocol.feed.sbe.PriceLevelsDecoder;
import dev.exengine.protocol.feed.sbe.SnapshotEndDecoder;
import dev.exengine.protocol.feed.sbe.SnapshotStartDecoder;
import org.agrona.DirectBuffer;

/**
 * The canonical text of a feed message: its name, then {@code field=value} for every field in schema order (the form
 * the engine's events print in, so the operators' tool renders both the same way, as text or JSON). For logs, tools
 * and tests; allocates.
 */
public final class FeedText
{
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
    private final PriceLevelsDecoder priceLevels = new PriceLevelsDecoder();

    /** Appends the message's text; an unreadable one as {@code UNREADABLE length=N}. */
    public StringBuilder appendTo(final DirectBuffer buffer, final int offset, final int length, final StringBuilder sb)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH ||
            header.wrap(buffer, offset).schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            length < MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength())
        {
            return sb.append("UNREADABLE length=").append(length);
        }
        switch (header.templateId())
        {
            case InstrumentStateDecoder.TEMPLATE_ID ->
            {
                final InstrumentStateDecoder m = instrumentState.wrapAndApplyHeader(buffer, offset, header);
                sb.append("InstrumentState");
                field(sb, "journalSequence", m.journalSequence());
                field(sb, "timestamp", m.timestamp());
                field(sb, "instrumentId", m.instrumentId());
                sb.append(" instrumentEvent=").append(m.instrumentEvent());
            }
            case OrderAddedDecoder.TEMPLATE_ID ->
            {
                final OrderAddedDecoder m = orderAdded.wrapAndApplyHeader(buffer, offset, header);
                sb.append("OrderAdded");
                field(sb, "journalSequence", m.journalSequence());
                field(sb, "timestamp", m.timestamp());
                field(sb, "orderId", m.orderId());
                field(sb, "price", m.price());
                field(sb, "quantity", m.quantity());
                field(sb, "instrumentId", m.instrumentId());
                sb.append(" side=").append(m.side());
            }
            case OrderExecutedDecoder.TEMPLATE_ID ->
            {
                final OrderExecutedDecoder m = orderExecuted.wrapAndApplyHeader(buffer, offset, header);
                sb.append("OrderExecuted");
                field(sb, "journalSequence", m.journalSequence());
                field(sb, "timestamp", m.timestamp());
                field(sb, "orderId", m.orderId());
                field(sb, "tradeId", m.tradeId());
                field(sb, "price", m.price());
                field(sb, "quantity", m.quantity());
                field(sb, "remainingQuantity", m.remainingQuantity());
                field(sb, "aggressorOrderId", m.aggressorOrderId());
                field(sb, "instrumentId", m.instrumentId());
                sb.append(" aggressorSide=").append(m.aggressorSide());
            }
            case OrderDeletedDecoder.TEMPLATE_ID ->
            {
                final OrderDeletedDecoder m = orderDeleted.wrapAndApplyHeader(buffer, offset, header);
                sb.append("OrderDeleted");
                field(sb, "journalSequence", m.journalSequence());
                field(sb, "timestamp", m.timestamp());
                field(sb, "orderId", m.orderId());
                field(sb, "instrumentId", m.instrumentId());
            }
            case OrderReducedDecoder.TEMPLATE_ID ->
            {
                final OrderReducedDecoder m = orderReduced.wrapAndApplyHeader(buffer, offset, header);
                sb.append("OrderReduced");
                field(sb, "journalSequence", m.journalSequence());
                field(sb, "timestamp", m.timestamp());
                field(sb, "orderId", m.orderId());
                field(sb, "quantity", m.quantity());
                field(sb, "instrumentId", m.instrumentId());
            }
            case OrderReplacedDecoder.TEMPLATE_ID ->
            {
                final OrderReplacedDecoder m = orderReplaced.wrapAndApplyHeader(buffer, offset, header);
                sb.append("OrderReplaced");
                field(sb, "journalSequence", m.journalSequence());
                field(sb, "timestamp", m.timestamp());
                field(sb, "orderId", m.orderId());
                field(sb, "price", m.price());
                field(sb, "quantity", m.quantity());
                field(sb, "instrumentId", m.instrumentId());
            }
            case SnapshotStartDecoder.TEMPLATE_ID ->
            {
                final SnapshotStartDecoder m = snapshotStart.wrapAndApplyHeader(buffer, offset, header);
                sb.append("SnapshotStart");
                field(sb, "feedSequence", m.feedSequence());
                field(sb, "journalSequence", m.journalSequence());
                field(sb, "timestamp", m.timestamp());
                field(sb, "instrumentCount", m.instrumentCount());
            }
            case InstrumentSnapshotDecoder.TEMPLATE_ID ->
            {
                final InstrumentSnapshotDecoder m = instrumentSnapshot.wrapAndApplyHeader(buffer, offset, header);
                sb.append("InstrumentSnapshot");
                field(sb, "instrumentId", m.instrumentId());
                field(sb, "orderCount", m.orderCount());
                sb.append(" status=").append(m.status());
            }
            case SnapshotEndDecoder.TEMPLATE_ID ->
                field(sb.append("SnapshotEnd"), "feedSequence",
                    snapshotEnd.wrapAndApplyHeader(buffer, offset, header).feedSequence());
            case PriceLevelsDecoder.TEMPLATE_ID -> appendPriceLevels(buffer, offset, sb);
            default -> sb.append("UNKNOWN templateId=").append(header.templateId());
        }
        return sb;
    }

    private void appendPriceLevels(final DirectBuffer buffer, final int offset, final StringBuilder sb)
    {
        final PriceLevelsDecoder m = priceLevels.wrapAndApplyHeader(buffer, offset, header);
        sb.append("PriceLevels");
        field(sb, "feedSequence", m.feedSequence());
        field(sb, "timestamp", m.timestamp());
        field(sb, "instrumentId", m.instrumentId());
        sb.append(" status=").append(m.status()).append(" bids=");
        for (final PriceLevelsDecoder.BidsDecoder level : m.bids())
        {
            sb.append(level.quantity()).append('@').append(level.price()).append('/').append(level.orderCount())
                .append(level.hasNext() ? "," : "");
        }
        sb.append(" asks=");
        for (final PriceLevelsDecoder.AsksDecoder level : m.asks())
        {
            sb.append(level.quantity()).append('@').append(level.price()).append('/').append(level.orderCount())
                .append(level.hasNext() ? "," : "");
        }
    }

    private static StringBuilder field(final StringBuilder sb, final String name, final long value)
    {
        return sb.append(' ').append(name).append('=').append(value);
    }
}
