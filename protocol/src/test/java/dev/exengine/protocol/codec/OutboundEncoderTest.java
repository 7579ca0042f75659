package dev.exengine.protocol.codec;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.protocol.sbe.AdminResultEncoder;
import dev.exengine.protocol.sbe.OrderAcceptedEncoder;
import dev.exengine.protocol.sbe.OrderRejectedEncoder;
import dev.exengine.protocol.sbe.ProtocolRejectReason;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundEncoderTest
{
    private static final int OFFSET = 3;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final OutboundEncoder encoder = new OutboundEncoder();
    private final ClientDecoder clientDecoder = new ClientDecoder();
    private final Event decoded = new Event();

    /**
     * Events as the engine fills them (docs/SEMANTICS.md "Event fields"), except TRADE which has its own tests.
     */
    static List<Event> everyEvent()
    {
        return List.of(
            event(EventType.ORDER_ACCEPTED, CommandType.NEW_ORDER).accountId(11).orderId(1).clientOrderId(-4)
                .instrumentId(3).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).postOnly(true)
                .price(100).quantity(7).remainingQuantity(7),
            event(EventType.ORDER_REJECTED, CommandType.NEW_ORDER).accountId(11).clientOrderId(4).instrumentId(3)
                .side(Side.SELL).orderType(OrderType.MARKET).timeInForce(TimeInForce.FOK).price(-1).quantity(7)
                .rejectReason(RejectReason.INSUFFICIENT_FUNDS),
            event(EventType.ORDER_CANCELED, CommandType.CANCEL_ORDER).accountId(11).orderId(1).clientOrderId(4).instrumentId(3)
                .side(Side.SELL).price(100).quantity(7).remainingQuantity(5).filledQuantity(2)
                .cancelReason(CancelReason.MARKET_PROTECTION),
            event(EventType.ORDER_REPLACED, CommandType.REPLACE_ORDER).accountId(11).orderId(1).clientOrderId(4)
                .instrumentId(3).side(Side.BUY).price(200).quantity(9).remainingQuantity(7).filledQuantity(2),
            event(EventType.CANCEL_REJECTED, CommandType.REPLACE_ORDER).accountId(11).orderId(1).price(200)
                .quantity(9).rejectReason(RejectReason.NO_CHANGE),
            event(EventType.CANCEL_REJECTED, CommandType.MASS_CANCEL).accountId(11).instrumentId(3)
                .rejectReason(RejectReason.UNKNOWN_INSTRUMENT),
            event(EventType.MASS_CANCEL_DONE, CommandType.MASS_CANCEL).accountId(11).instrumentId(0).count(4),
            event(EventType.TRANSFER_DONE, CommandType.TRANSFER).accountId(11).targetAccountId(12).assetId(2)
                .amount(500).transferId(9),
            event(EventType.TRANSFER_REJECTED, CommandType.TRANSFER).accountId(11).targetAccountId(11).assetId(2)
                .amount(500).transferId(9).rejectReason(RejectReason.TRANSFER_TO_SELF),
            event(EventType.BALANCE_CHANGED, CommandType.DEPOSIT).accountId(11).assetId(2).available(1_000).held(250),
            event(EventType.ADMIN_DONE, CommandType.HALT_INSTRUMENT).instrumentId(3).count(12),
            event(EventType.ADMIN_DONE, CommandType.DEPOSIT).accountId(11).assetId(2).amount(1_000),
            event(EventType.ADMIN_DONE, CommandType.DEPOSIT).accountId(11).assetId(2).amount(1_000).movementId(5),
            event(EventType.ADMIN_REJECTED, CommandType.WITHDRAW).accountId(11).assetId(2).amount(1_000)
                .movementId(-6).rejectReason(RejectReason.INSUFFICIENT_FUNDS),
            event(EventType.ADMIN_REJECTED, CommandType.ADD_ASSET).assetId(2).rejectReason(RejectReason.DUPLICATE_ASSET),
            event(EventType.BALANCE, CommandType.QUERY_BALANCES).accountId(11).assetId(2).available(3).held(4)
                .requestId(77),
            event(EventType.OPEN_ORDER, CommandType.QUERY_OPEN_ORDERS).accountId(11).orderId(1).clientOrderId(4)
                .instrumentId(3).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).postOnly(true)
                .price(100).quantity(7).remainingQuantity(5).filledQuantity(2).requestId(77),
            event(EventType.DEPTH_LEVEL, CommandType.QUERY_DEPTH).instrumentId(3).side(Side.SELL).price(300)
                .quantity(40).count(3).requestId(77),
            event(EventType.QUERY_DONE, CommandType.QUERY_DEPTH).instrumentId(3).requestId(77).count(6),
            event(EventType.QUERY_REJECTED, CommandType.QUERY_BALANCES).accountId(11).requestId(77)
                .rejectReason(RejectReason.UNKNOWN_ACCOUNT));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void shouldDecodeEveryEventAsEncoded(final Event event)
    {
        final int length = encoder.encode(event, 11, buffer, OFFSET);

        assertTrue(length > 0 && length <= OutboundEncoder.MAX_MESSAGE_LENGTH);
        assertEquals(length, OutboundEncoder.encodedLength(event, 11), "the length known before encoding");
        assertEquals(DecodeResult.MESSAGE, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertEquals(asSeenOnTheWire(event).toString(), decoded.toString());
    }

    @Test
    void shouldCoverEveryEventType()
    {
        assertEquals(EventType.values().length - 1, everyEvent().stream().map(Event::type).distinct().count());
    }

    @Test
    void shouldEncodeTradeForTakerFromTakersView()
    {
        final int length = encoder.encode(trade(), 12, buffer, OFFSET);

        assertEquals(DecodeResult.MESSAGE, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertFalse(clientDecoder.isMaker());
        assertEquals("TRADE sequence=40 timestamp=41 accountId=12 orderId=8 clientOrderId=800 instrumentId=3 side=BUY " +
            "price=100 quantity=5 remainingQuantity=2 tradeId=6 takerAccountId=12 takerOrderId=8 " +
            "takerClientOrderId=800 takerRemainingQuantity=2 takerFee=9", decoded.toString());
    }

    @Test
    void shouldEncodeTradeForMakerFromMakersView()
    {
        final int length = encoder.encode(trade(), 11, buffer, OFFSET);

        assertEquals(DecodeResult.MESSAGE, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertTrue(clientDecoder.isMaker());
        assertEquals("TRADE sequence=40 timestamp=41 accountId=11 orderId=7 clientOrderId=700 instrumentId=3 side=SELL " +
            "price=100 quantity=5 tradeId=6 makerAccountId=11 makerOrderId=7 makerClientOrderId=700 makerFee=3",
            decoded.toString());
    }

    @Test
    void shouldEncodeNothingForAccountOutsideTheTrade()
    {
        assertEquals(0, encoder.encode(trade(), 13, buffer, OFFSET));
        assertEquals(0, OutboundEncoder.encodedLength(trade(), 13));
        assertEquals(encoder.encode(trade(), 12, buffer, OFFSET), OutboundEncoder.encodedLength(trade(), 12));
    }

    @Test
    void shouldEncodeGatewayRejectOfEveryCommandAsTheEngineWould()
    {
        for (final Command command : InboundDecoderTest.everyCommand())
        {
            final int length = encoder.encodeReject(command, RejectReason.THROTTLED, buffer, OFFSET);

            assertEquals(DecodeResult.MESSAGE, clientDecoder.decode(buffer, OFFSET, length, decoded), command::toString);
            assertEquals(EventType.rejectOf(command.type()), decoded.type());
            assertEquals(RejectReason.THROTTLED, decoded.rejectReason());
            assertEquals(command.type(), decoded.commandType(), command::toString);
        }
    }

    @Test
    void shouldEchoOrderFieldsInGatewayRejectOfNewOrder()
    {
        final Command order = InboundDecoderTest.everyCommand().get(0);
        final int length = encoder.encodeReject(order, RejectReason.NOT_AUTHORIZED, buffer, OFFSET);

        assertEquals(DecodeResult.MESSAGE, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertEquals("ORDER_REJECTED commandType=NEW_ORDER accountId=11 clientOrderId=-7 instrumentId=3 side=SELL " +
            "orderType=LIMIT timeInForce=GTC postOnly price=123400 quantity=5000000 rejectReason=NOT_AUTHORIZED",
            decoded.toString());
    }

    @Test
    void shouldEncodeSnapshotResults()
    {
        int length = encoder.encodeSnapshotResult(5, RejectReason.NONE, buffer, OFFSET);
        assertEquals(DecodeResult.SNAPSHOT_RESULT, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertEquals("ADMIN_DONE requestId=5", decoded.toString());

        length = encoder.encodeSnapshotResult(6, RejectReason.ENGINE_BUSY, buffer, OFFSET);
        assertEquals(DecodeResult.SNAPSHOT_RESULT, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertEquals("ADMIN_REJECTED rejectReason=ENGINE_BUSY requestId=6", decoded.toString());
    }

    @Test
    void shouldEchoUndecodableHeaderInProtocolReject()
    {
        final InboundDecoder inbound = new InboundDecoder();
        final UnsafeBuffer bad = new UnsafeBuffer(new byte[16]);
        bad.putShort(0, (short)8, ByteOrder.LITTLE_ENDIAN);
        bad.putShort(2, (short)4242, ByteOrder.LITTLE_ENDIAN);
        bad.putShort(4, (short)7001, ByteOrder.LITTLE_ENDIAN);
        bad.putShort(6, (short)3, ByteOrder.LITTLE_ENDIAN);
        final DecodeResult result = inbound.decode(bad, 0, 16, new Command());

        final int length = encoder.encodeProtocolReject(result, inbound, buffer, OFFSET);

        assertEquals(DecodeResult.PROTOCOL_REJECT, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertEquals(4242, clientDecoder.protocolReject().rejectedTemplateId());
        assertEquals(7001, clientDecoder.protocolReject().rejectedSchemaId());
        assertEquals(3, clientDecoder.protocolReject().rejectedVersion());
        assertEquals(ProtocolRejectReason.UNKNOWN_TEMPLATE, clientDecoder.protocolReject().reason());
    }

    @Test
    void shouldLetVersionZeroClientReadVersionOneOrderAcceptedAtItsOffsets()
    {
        // An old client reads the fields it knows at their version-0 offsets and skips the rest of the block.
        final Event event = everyEvent().get(0);
        final int length = encoder.encode(event, 11, buffer, OFFSET);
        final int block = OFFSET + 8;

        assertEquals(OrderAcceptedEncoder.BLOCK_LENGTH, buffer.getShort(OFFSET, ByteOrder.LITTLE_ENDIAN));
        assertEquals(2, buffer.getShort(OFFSET + 6, ByteOrder.LITTLE_ENDIAN));
        assertEquals(40, buffer.getLong(block, ByteOrder.LITTLE_ENDIAN));
        assertEquals(11, buffer.getLong(block + 16, ByteOrder.LITTLE_ENDIAN));
        assertEquals(1, buffer.getLong(block + 24, ByteOrder.LITTLE_ENDIAN));
        assertEquals(-4, buffer.getLong(block + 32, ByteOrder.LITTLE_ENDIAN));
        assertEquals(100, buffer.getLong(block + 40, ByteOrder.LITTLE_ENDIAN));
        assertEquals(7, buffer.getLong(block + 48, ByteOrder.LITTLE_ENDIAN));
        assertEquals(3, buffer.getInt(block + 56, ByteOrder.LITTLE_ENDIAN));
        assertEquals(Side.BUY.code(), buffer.getByte(block + 60));
        assertEquals(OrderType.LIMIT.code(), buffer.getByte(block + 61));
        assertEquals(TimeInForce.GTC.code(), buffer.getByte(block + 62));
        assertEquals(OrderAcceptedEncoder.postOnlyEncodingOffset(), 63);
        assertEquals(8 + 64, length);
    }

    @Test
    void shouldDecodeVersionZeroOrderAcceptedWithPostOnlyUnset()
    {
        // What a version-0 server sends: the block ends before postOnly.
        final Event event = everyEvent().get(0);
        final int length = encoder.encode(event, 11, buffer, OFFSET);
        buffer.putShort(OFFSET, (short)OrderAcceptedEncoder.postOnlyEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(OFFSET + 6, (short)0, ByteOrder.LITTLE_ENDIAN);

        assertEquals(DecodeResult.MESSAGE, clientDecoder.decode(buffer, OFFSET, length - 1, decoded));
        assertFalse(decoded.postOnly());
        assertEquals(asSeenOnTheWire(event).postOnly(false).toString(), decoded.toString());
    }

    @Test
    void shouldDecodeVersionOneAdminResultWithMovementIdUnset()
    {
        // What a version-1 server sends: the block ends before movementId.
        final Event event = event(EventType.ADMIN_DONE, CommandType.DEPOSIT).accountId(11).assetId(2).amount(1_000);
        final int length = encoder.encode(event.movementId(5), 11, buffer, OFFSET);
        buffer.putShort(OFFSET, (short)AdminResultEncoder.movementIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(OFFSET + 6, (short)1, ByteOrder.LITTLE_ENDIAN);

        assertEquals(DecodeResult.MESSAGE, clientDecoder.decode(buffer, OFFSET, length - 8, decoded));
        assertEquals(0, decoded.movementId());
        assertEquals(asSeenOnTheWire(event.movementId(0)).toString(), decoded.toString());
        assertEquals(55, AdminResultEncoder.movementIdEncodingOffset(), "the version-1 block length");
    }

    @Test
    void shouldRejectUnknownRejectReasonOnClientSide()
    {
        final int length = encoder.encode(everyEvent().get(1), 11, buffer, OFFSET);
        buffer.putByte(OFFSET + 8 + OrderRejectedEncoder.rejectReasonEncodingOffset(), (byte)200);

        assertEquals(DecodeResult.BAD_ENUM, clientDecoder.decode(buffer, OFFSET, length, decoded));
        assertEquals(null, decoded.type());
    }

    @Test
    void shouldRejectClientToEngineTemplateOnClientSide()
    {
        final int length = new ClientEncoder().cancelOrder(buffer, OFFSET, 1, 2);

        assertEquals(DecodeResult.UNKNOWN_TEMPLATE, clientDecoder.decode(buffer, OFFSET, length, decoded));
    }

    static Event trade()
    {
        return new Event().type(EventType.TRADE).sequence(40).timestamp(41).commandType(CommandType.NEW_ORDER)
            .instrumentId(3).price(100).quantity(5).side(Side.BUY).tradeId(6).makerAccountId(11).makerOrderId(7)
            .makerClientOrderId(700).makerRemainingQuantity(0).makerFee(3).takerAccountId(12).takerOrderId(8)
            .takerClientOrderId(800).takerRemainingQuantity(2).takerFee(9);
    }

    private static Event event(final EventType type, final CommandType commandType)
    {
        return new Event().type(type).sequence(40).timestamp(41).commandType(commandType);
    }

    /**
     * The wire carries no sequence and timestamp in query answers, and no command type where several commands
     * cause the same message.
     */
    private static Event asSeenOnTheWire(final Event event)
    {
        final Event expected = new Event().copyFrom(event);
        switch (event.type())
        {
            case BALANCE, OPEN_ORDER, DEPTH_LEVEL, QUERY_DONE, QUERY_REJECTED -> expected.sequence(0).timestamp(0);
            case ORDER_CANCELED, BALANCE_CHANGED -> expected.commandType(null);
            default ->
            {
            }
        }
        return expected;
    }
}
