package dev.exengine.protocol.codec;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.protocol.sbe.DepositDecoder;
import dev.exengine.protocol.sbe.MessageHeaderEncoder;
import dev.exengine.protocol.sbe.NewOrderDecoder;
import dev.exengine.protocol.sbe.NewOrderEncoder;
import dev.exengine.protocol.sbe.OrderAcceptedEncoder;
import dev.exengine.protocol.sbe.WithdrawDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InboundDecoderTest
{
    private static final int OFFSET = 5;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final ClientEncoder clientEncoder = new ClientEncoder();
    private final InboundDecoder decoder = new InboundDecoder();
    private final Command decoded = new Command();

    static List<Command> everyCommand()
    {
        return List.of(
            new Command().type(CommandType.NEW_ORDER).accountId(11).clientOrderId(-7).instrumentId(3).side(Side.SELL)
                .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).postOnly(true).price(123_400)
                .quantity(5_000_000),
            new Command().type(CommandType.NEW_ORDER).accountId(12).clientOrderId(99).instrumentId(4).side(Side.BUY)
                .orderType(OrderType.MARKET).timeInForce(TimeInForce.IOC).quantity(100),
            new Command().type(CommandType.CANCEL_ORDER).accountId(11).orderId(77),
            new Command().type(CommandType.REPLACE_ORDER).accountId(11).orderId(77).price(500).quantity(900),
            new Command().type(CommandType.MASS_CANCEL).accountId(11).instrumentId(3),
            new Command().type(CommandType.TRANSFER).accountId(11).targetAccountId(12).assetId(2).amount(1_000)
                .transferId(42),
            new Command().type(CommandType.QUERY_BALANCES).accountId(11).requestId(8),
            new Command().type(CommandType.QUERY_OPEN_ORDERS).accountId(11).requestId(9),
            new Command().type(CommandType.QUERY_DEPTH).instrumentId(3).requestId(10).levels(5),
            new Command().type(CommandType.ADD_ASSET).assetId(2).scale(8),
            new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(3).baseAssetId(1).quoteAssetId(2).tickSize(100)
                .lotSize(100_000).tickValue(10).minQuantity(100_000).maxQuantity(1_000_000_000L).makerFeePpm(100)
                .takerFeePpm(200).feeAccountId(1),
            new Command().type(CommandType.OPEN_ACCOUNT).accountId(11),
            new Command().type(CommandType.DEPOSIT).accountId(11).assetId(2).amount(Long.MAX_VALUE),
            new Command().type(CommandType.DEPOSIT).accountId(11).assetId(2).amount(9).movementId(77),
            new Command().type(CommandType.WITHDRAW).accountId(11).assetId(2).amount(-5),
            new Command().type(CommandType.WITHDRAW).accountId(11).assetId(2).amount(5).movementId(Long.MIN_VALUE),
            new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(11),
            new Command().type(CommandType.RESUME_ACCOUNT).accountId(11),
            new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(3),
            new Command().type(CommandType.RESUME_INSTRUMENT).instrumentId(3));
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void shouldDecodeEveryCommandAsEncoded(final Command command)
    {
        final int length = clientEncoder.encode(command, buffer, OFFSET);

        assertEquals(DecodeResult.MESSAGE, decoder.decode(buffer, OFFSET, length, decoded));
        assertEquals(command.toString(), decoded.toString());
        assertEquals(command.type().isAdmin(), decoder.isAdmin());
        final boolean actsOnAccount = !command.type().isAdmin() && command.type() != CommandType.QUERY_DEPTH;
        assertEquals(actsOnAccount, decoder.actsOnAccount());
        assertEquals(actsOnAccount ? command.accountId() : 0, decoder.commandAccountId());
    }

    @Test
    void shouldCoverEveryCommandType()
    {
        // Every type but the engine's own journal records, which never travel on the wire.
        assertEquals(Arrays.stream(CommandType.values()).filter(type -> !type.isControl()).count(),
            everyCommand().stream().map(Command::type).distinct().count());
    }

    @Test
    void shouldReportTakeSnapshotAsAdminAndNotACommand()
    {
        final int length = clientEncoder.takeSnapshot(buffer, OFFSET, 31);

        assertEquals(DecodeResult.TAKE_SNAPSHOT, decoder.decode(buffer, OFFSET, length, decoded));
        assertNull(decoded.type());
        assertEquals(31, decoded.requestId());
        assertTrue(decoder.isAdmin());
        assertFalse(decoder.actsOnAccount());
    }

    @Test
    void shouldRejectMessageShorterThanHeader()
    {
        final int length = newOrder();

        assertEquals(DecodeResult.TRUNCATED, decoder.decode(buffer, OFFSET, 7, decoded));
        assertEquals(0, decoder.templateId());
        assertEquals(0, decoder.schemaId(), "nothing of the header is echoed");
        assertEquals(0, decoder.version());
        assertTrue(length > 7);
    }

    @Test
    void shouldRejectMessageShorterThanItsBlock()
    {
        final int length = newOrder();

        assertEquals(DecodeResult.TRUNCATED, decoder.decode(buffer, OFFSET, length - 1, decoded));
        assertNull(decoded.type());
        assertFalse(decoder.actsOnAccount());
    }

    @Test
    void shouldRejectWrongSchemaId()
    {
        final int length = newOrder();
        buffer.putShort(OFFSET + 4, (short)7002, ByteOrder.LITTLE_ENDIAN);

        assertEquals(DecodeResult.WRONG_SCHEMA, decoder.decode(buffer, OFFSET, length, decoded));
        assertEquals(7002, decoder.schemaId());
    }

    @Test
    void shouldRejectUnknownTemplate()
    {
        final int length = newOrder();
        buffer.putShort(OFFSET + 2, (short)999, ByteOrder.LITTLE_ENDIAN);

        assertEquals(DecodeResult.UNKNOWN_TEMPLATE, decoder.decode(buffer, OFFSET, length, decoded));
        assertEquals(999, decoder.templateId());
    }

    @Test
    void shouldRejectEngineToClientTemplateAsUnknown()
    {
        final int length = newOrder();
        buffer.putShort(OFFSET + 2, (short)OrderAcceptedEncoder.TEMPLATE_ID, ByteOrder.LITTLE_ENDIAN);

        assertEquals(DecodeResult.UNKNOWN_TEMPLATE, decoder.decode(buffer, OFFSET, length, decoded));
    }

    @Test
    void shouldRejectBlockShorterThanItsVersionNeeds()
    {
        final int length = newOrder();
        buffer.putShort(OFFSET, (short)(NewOrderEncoder.BLOCK_LENGTH - 1), ByteOrder.LITTLE_ENDIAN);

        assertEquals(DecodeResult.SHORT_BLOCK, decoder.decode(buffer, OFFSET, length, decoded));
        assertEquals(2, decoder.version());
    }

    @Test
    void shouldRejectUnknownSideCode()
    {
        final int length = newOrder();
        buffer.putByte(OFFSET + 8 + NewOrderEncoder.sideEncodingOffset(), (byte)3);

        assertEquals(DecodeResult.BAD_ENUM, decoder.decode(buffer, OFFSET, length, decoded));
        assertNull(decoded.type());
    }

    @Test
    void shouldRejectUnknownPostOnlyCode()
    {
        final int length = newOrder();
        buffer.putByte(OFFSET + 8 + NewOrderEncoder.postOnlyEncodingOffset(), (byte)2);

        assertEquals(DecodeResult.BAD_ENUM, decoder.decode(buffer, OFFSET, length, decoded));
    }

    @Test
    void shouldRejectNullTimeInForce()
    {
        final int length = newOrder();
        buffer.putByte(OFFSET + 8 + NewOrderEncoder.timeInForceEncodingOffset(), (byte)255);

        assertEquals(DecodeResult.BAD_ENUM, decoder.decode(buffer, OFFSET, length, decoded));
    }

    @Test
    void shouldDecodeVersionZeroNewOrderWithPostOnlyUnset()
    {
        // A version-0 client knows no postOnly: its block ends where postOnly starts. Written byte by byte.
        final int blockLength = 39;
        int i = OFFSET;
        buffer.putShort(i, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(i + 2, (short)1, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(i + 4, (short)7001, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(i + 6, (short)0, ByteOrder.LITTLE_ENDIAN);
        i += 8;
        buffer.putLong(i, 11, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(i + 8, 5, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(i + 16, 123_400, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(i + 24, 3_000, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(i + 32, 3, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(i + 36, (byte)1);
        buffer.putByte(i + 37, (byte)1);
        buffer.putByte(i + 38, (byte)1);
        // Whatever follows the old client's block is not part of its message.
        buffer.putByte(i + 39, (byte)1);

        assertEquals(DecodeResult.MESSAGE, decoder.decode(buffer, OFFSET, 8 + blockLength, decoded));
        assertEquals("NEW_ORDER accountId=11 instrumentId=3 clientOrderId=5 side=BUY orderType=LIMIT " +
            "timeInForce=GTC price=123400 quantity=3000", decoded.toString());
        assertEquals(blockLength, NewOrderDecoder.postOnlyEncodingOffset());
    }

    @Test
    void shouldRejectVersionZeroNewOrderShorterThanVersionZeroBlock()
    {
        final int length = newOrder();
        buffer.putShort(OFFSET, (short)38, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(OFFSET + 6, (short)0, ByteOrder.LITTLE_ENDIAN);

        assertEquals(DecodeResult.SHORT_BLOCK, decoder.decode(buffer, OFFSET, length, decoded));
    }

    @Test
    void shouldDecodeKnownFieldsOfNewerVersionWithLongerBlock()
    {
        // A version-3 client appended 8 bytes to the block and 4 bytes of data after it; both are skipped.
        newOrder();
        final int blockLength = NewOrderEncoder.BLOCK_LENGTH + 8;
        buffer.putShort(OFFSET, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(OFFSET + 6, (short)3, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(OFFSET + 8 + NewOrderEncoder.BLOCK_LENGTH, -1L);
        buffer.putInt(OFFSET + 8 + blockLength, 0xdeadbeef);

        assertEquals(DecodeResult.MESSAGE, decoder.decode(buffer, OFFSET, 8 + blockLength + 4, decoded));
        assertEquals("NEW_ORDER accountId=11 instrumentId=3 clientOrderId=5 side=SELL orderType=LIMIT " +
            "timeInForce=GTC postOnly price=123400 quantity=3000", decoded.toString());
    }

    @Test
    void shouldDecodeVersionOneDepositAndWithdrawWithoutAMovementId()
    {
        // A version-1 client knows no movementId: its block ends where movementId starts. Written byte by byte.
        for (final int templateId : new int[] {DepositDecoder.TEMPLATE_ID, WithdrawDecoder.TEMPLATE_ID})
        {
            final int blockLength = 20;
            buffer.putShort(OFFSET, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(OFFSET + 2, (short)templateId, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(OFFSET + 4, (short)7001, ByteOrder.LITTLE_ENDIAN);
            buffer.putShort(OFFSET + 6, (short)1, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(OFFSET + 8, 11, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(OFFSET + 16, 500, ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(OFFSET + 24, 2, ByteOrder.LITTLE_ENDIAN);
            // Whatever follows the old client's block is not part of its message.
            buffer.putLong(OFFSET + 28, 99, ByteOrder.LITTLE_ENDIAN);

            assertEquals(DecodeResult.MESSAGE, decoder.decode(buffer, OFFSET, 8 + blockLength, decoded));
            assertEquals((templateId == DepositDecoder.TEMPLATE_ID ? "DEPOSIT" : "WITHDRAW") +
                " accountId=11 assetId=2 amount=500", decoded.toString());
            assertEquals(blockLength, DepositDecoder.movementIdEncodingOffset());
            assertEquals(blockLength, WithdrawDecoder.movementIdEncodingOffset());

            buffer.putShort(OFFSET + 6, (short)2, ByteOrder.LITTLE_ENDIAN);
            assertEquals(DecodeResult.SHORT_BLOCK, decoder.decode(buffer, OFFSET, 8 + blockLength, decoded),
                "a version-2 block has the id");
        }
    }

    @Test
    void shouldResetCommandBeforeDecoding()
    {
        decoded.type(CommandType.DEPOSIT).amount(5).levels(3);
        final int length = clientEncoder.cancelOrder(buffer, OFFSET, 11, 12);

        assertEquals(DecodeResult.MESSAGE, decoder.decode(buffer, OFFSET, length, decoded));
        assertEquals("CANCEL_ORDER accountId=11 orderId=12", decoded.toString());
    }

    private int newOrder()
    {
        final int length = clientEncoder.newOrder(buffer, OFFSET, 11, 5, 3, Side.SELL, OrderType.LIMIT, TimeInForce.GTC,
            true, 123_400, 3_000);
        assertEquals(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.BLOCK_LENGTH, length);
        return length;
    }
}
