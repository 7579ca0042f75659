package dev.exengine.gateway.feed;

import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The layout of an engine event on its way from the engine's thread to the market-data thread: the fields the feed
 * derives from (docs/SEMANTICS.md, "Event fields"), copied as they are, so that the derivation runs off the engine's
 * thread. Offsets in one place; allocates nothing.
 */
final class EventRecord
{
    static final int LENGTH = 104;
    private static final int TYPE = 0;
    private static final int COMMAND_TYPE = 1;
    private static final int SIDE = 2;
    private static final int ORDER_TYPE = 3;
    private static final int TIME_IN_FORCE = 4;
    private static final int INSTRUMENT_ID = 8;
    private static final int SEQUENCE = 16;
    private static final int TIMESTAMP = 24;
    private static final int ORDER_ID = 32;
    private static final int PRICE = 40;
    private static final int QUANTITY = 48;
    private static final int REMAINING_QUANTITY = 56;
    private static final int TRADE_ID = 64;
    private static final int MAKER_ORDER_ID = 72;
    private static final int MAKER_REMAINING_QUANTITY = 80;
    private static final int TAKER_ORDER_ID = 88;
    private static final int TAKER_REMAINING_QUANTITY = 96;
    /** An enum field the event leaves unset. */
    private static final byte NONE = 0;

    private EventRecord()
    {
    }

    /** @return true for the events the feed derives anything from. */
    static boolean isPublic(final EventType type)
    {
        return type == EventType.ORDER_ACCEPTED || type == EventType.TRADE || type == EventType.ORDER_CANCELED ||
            type == EventType.ORDER_REPLACED || type == EventType.ADMIN_DONE;
    }

    static void write(final Event event, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putByte(offset + TYPE, event.type().code());
        buffer.putByte(offset + COMMAND_TYPE, event.commandType().code());
        buffer.putByte(offset + SIDE, event.side() == null ? NONE : event.side().code());
        buffer.putByte(offset + ORDER_TYPE, event.orderType() == null ? NONE : event.orderType().code());
        buffer.putByte(offset + TIME_IN_FORCE, event.timeInForce() == null ? NONE : event.timeInForce().code());
        buffer.putInt(offset + INSTRUMENT_ID, event.instrumentId());
        buffer.putLong(offset + SEQUENCE, event.sequence());
        buffer.putLong(offset + TIMESTAMP, event.timestamp());
        buffer.putLong(offset + ORDER_ID, event.orderId());
        buffer.putLong(offset + PRICE, event.price());
        buffer.putLong(offset + QUANTITY, event.quantity());
        buffer.putLong(offset + REMAINING_QUANTITY, event.remainingQuantity());
        buffer.putLong(offset + TRADE_ID, event.tradeId());
        buffer.putLong(offset + MAKER_ORDER_ID, event.makerOrderId());
        buffer.putLong(offset + MAKER_REMAINING_QUANTITY, event.makerRemainingQuantity());
        buffer.putLong(offset + TAKER_ORDER_ID, event.takerOrderId());
        buffer.putLong(offset + TAKER_REMAINING_QUANTITY, event.takerRemainingQuantity());
    }

    /** Fills the event with the record's fields, every other field cleared. */
    static Event read(final DirectBuffer buffer, final int offset, final Event event)
    {
        return event.reset()
            .type(EventType.fromCode(buffer.getByte(offset + TYPE)))
            .commandType(CommandType.fromCode(buffer.getByte(offset + COMMAND_TYPE)))
            .side(Side.fromCode(buffer.getByte(offset + SIDE)))
            .orderType(OrderType.fromCode(buffer.getByte(offset + ORDER_TYPE)))
            .timeInForce(TimeInForce.fromCode(buffer.getByte(offset + TIME_IN_FORCE)))
            .instrumentId(buffer.getInt(offset + INSTRUMENT_ID))
            .sequence(buffer.getLong(offset + SEQUENCE))
            .timestamp(buffer.getLong(offset + TIMESTAMP))
            .orderId(buffer.getLong(offset + ORDER_ID))
            .price(buffer.getLong(offset + PRICE))
            .quantity(buffer.getLong(offset + QUANTITY))
            .remainingQuantity(buffer.getLong(offset + REMAINING_QUANTITY))
            .tradeId(buffer.getLong(offset + TRADE_ID))
            .makerOrderId(buffer.getLong(offset + MAKER_ORDER_ID))
            .makerRemainingQuantity(buffer.getLong(offset + MAKER_REMAINING_QUANTITY))
            .takerOrderId(buffer.getLong(offset + TAKER_ORDER_ID))
            .takerRemainingQuantity(buffer.getLong(offset + TAKER_REMAINING_QUANTITY));
    }
}
