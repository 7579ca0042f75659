package dev.exengine.core.command;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandCodecTest
{
    /**
     * One command per type with every field that type carries set to a distinctive non-default value. Written
     * here independently of the codec's layout table: a field the codec drops or mixes up shows as a difference.
     */
    static Map<CommandType, Command> samples()
    {
        final Map<CommandType, Command> m = new EnumMap<>(CommandType.class);
        m.put(CommandType.ADD_ASSET, new Command().type(CommandType.ADD_ASSET).assetId(0x01020304).scale(-7));
        m.put(CommandType.OPEN_ACCOUNT, new Command().type(CommandType.OPEN_ACCOUNT).accountId(Long.MIN_VALUE + 3));
        m.put(CommandType.DEPOSIT, new Command().type(CommandType.DEPOSIT).accountId(0x1122334455667788L)
            .assetId(-2).amount(Long.MAX_VALUE).movementId(0x0102030405060708L));
        m.put(CommandType.WITHDRAW, new Command().type(CommandType.WITHDRAW).accountId(9).assetId(Integer.MAX_VALUE)
            .amount(-1).movementId(Long.MIN_VALUE));
        m.put(CommandType.SUSPEND_ACCOUNT, new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(-77));
        m.put(CommandType.RESUME_ACCOUNT, new Command().type(CommandType.RESUME_ACCOUNT).accountId(78));
        m.put(CommandType.ADD_INSTRUMENT, new Command().type(CommandType.ADD_INSTRUMENT).instrumentId(5)
            .baseAssetId(30).quoteAssetId(10).tickSize(100).lotSize(100_000).tickValue(10).minQuantity(200_000)
            .maxQuantity(Long.MAX_VALUE - 1).makerFeePpm(-100).takerFeePpm(250).feeAccountId(9001));
        m.put(CommandType.HALT_INSTRUMENT, new Command().type(CommandType.HALT_INSTRUMENT).instrumentId(-3));
        m.put(CommandType.RESUME_INSTRUMENT, new Command().type(CommandType.RESUME_INSTRUMENT).instrumentId(4));
        m.put(CommandType.NEW_ORDER, new Command().type(CommandType.NEW_ORDER).accountId(1001).instrumentId(7)
            .clientOrderId(-123_456_789_012L).side(Side.SELL).orderType(OrderType.MARKET)
            .timeInForce(TimeInForce.FOK).postOnly(true).price(Long.MIN_VALUE).quantity(0x7F00_0000_0000_0001L));
        m.put(CommandType.CANCEL_ORDER, new Command().type(CommandType.CANCEL_ORDER).accountId(1002).orderId(99));
        m.put(CommandType.REPLACE_ORDER, new Command().type(CommandType.REPLACE_ORDER).accountId(1003).orderId(100)
            .price(3_000_100).quantity(-5));
        m.put(CommandType.MASS_CANCEL, new Command().type(CommandType.MASS_CANCEL).accountId(1004).instrumentId(-1));
        m.put(CommandType.TRANSFER, new Command().type(CommandType.TRANSFER).accountId(1005).targetAccountId(1006)
            .assetId(20).amount(12_345).transferId(Long.MAX_VALUE));
        m.put(CommandType.SKIP_COMMAND, new Command().type(CommandType.SKIP_COMMAND).skippedSequence(0x0102030405060708L));
        m.put(CommandType.START_EPOCH, new Command().type(CommandType.START_EPOCH).epoch(Long.MAX_VALUE - 5));
        m.put(CommandType.QUERY_BALANCES, new Command().type(CommandType.QUERY_BALANCES).accountId(1007)
            .requestId(-42));
        m.put(CommandType.QUERY_OPEN_ORDERS, new Command().type(CommandType.QUERY_OPEN_ORDERS).accountId(1008)
            .requestId(43));
        m.put(CommandType.QUERY_DEPTH, new Command().type(CommandType.QUERY_DEPTH).instrumentId(3).requestId(44)
            .levels(-1000));
        return m;
    }

    @Test
    void everyTypeIsCovered()
    {
        assertEquals(CommandType.values().length, samples().size());
    }

    @Test
    void shouldNameEveryFieldOfATypeAsTheCanonicalTextDoes()
    {
        for (final Command sample : samples().values())
        {
            final Set<String> named = new HashSet<>();
            for (final String word : sample.toString().split(" "))
            {
                named.add(word.split("=")[0]);
            }
            named.remove(sample.type().name());
            assertEquals(named, new HashSet<>(CommandCodec.fieldNames(sample.type())), sample.toString());
        }
    }

    @Test
    void roundTripEveryType()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH + 64]);
        for (final Command original : samples().values())
        {
            for (final int offset : new int[] {0, 7, 33})
            {
                final String before = original.toString();
                final int length = CommandCodec.encode(original, buffer, offset);
                assertEquals(before, original.toString(), "encode must not change the command");
                assertEquals(CommandCodec.encodedLength(original), length, original.type().toString());
                assertTrue(length <= CommandCodec.MAX_ENCODED_LENGTH);
                assertEquals(original.type().code(), buffer.getByte(offset));
                final Command decoded = new Command().accountId(555).price(666).postOnly(true); // stale fields
                assertEquals(length, CommandCodec.decode(buffer, offset, length, decoded));
                assertEquals(before, decoded.toString(), "round trip of " + original.type() + " at " + offset);
                assertSameFields(original, decoded);
            }
        }
    }

    @Test
    void postOnlyFalseAndOtherEnumValuesRoundTrip()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH]);
        for (final Side side : Side.values())
        {
            for (final OrderType type : OrderType.values())
            {
                for (final TimeInForce tif : TimeInForce.values())
                {
                    final Command c = new Command().type(CommandType.NEW_ORDER).accountId(1).instrumentId(2)
                        .clientOrderId(3).side(side).orderType(type).timeInForce(tif).postOnly(false).price(4)
                        .quantity(5);
                    final int length = CommandCodec.encode(c, buffer, 0);
                    final Command d = new Command().postOnly(true);
                    assertEquals(length, CommandCodec.decode(buffer, 0, length, d));
                    assertSameFields(c, d);
                }
            }
        }
    }

    @Test
    void truncatedOrOverlongIsMalformed()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH + 8]);
        for (final Command original : samples().values())
        {
            final int length = CommandCodec.encode(original, buffer, 0);
            // A deposit or withdrawal without its movement id is the form written before there were ids.
            final int withoutId = CommandCodec.encodedLength(new Command().copyFrom(original).movementId(0));
            for (int shorter = 0; shorter < length; shorter++)
            {
                if (shorter == withoutId && shorter != length)
                {
                    continue;
                }
                final Command d = new Command();
                assertEquals(CommandCodec.MALFORMED, CommandCodec.decode(buffer, 0, shorter, d),
                    original.type() + " truncated to " + shorter);
                assertNull(d.type(), "a malformed decode leaves a reset command");
            }
            assertEquals(CommandCodec.MALFORMED, CommandCodec.decode(buffer, 0, length + 1, new Command()),
                original.type() + " with a trailing byte");
        }
    }

    @Test
    void shouldWriteACashMovementWithoutAnIdAsBeforeAndReadTheFormOfThen()
    {
        // DEPOSIT as journaled before movement ids: type 3, accountId, assetId, amount.
        final UnsafeBuffer before = new UnsafeBuffer(new byte[1 + 8 + 4 + 8]);
        before.putByte(0, CommandType.DEPOSIT.code());
        before.putLong(1, 1001, ByteOrder.LITTLE_ENDIAN);
        before.putInt(9, 2, ByteOrder.LITTLE_ENDIAN);
        before.putLong(13, 500, ByteOrder.LITTLE_ENDIAN);
        final Command decoded = new Command().movementId(99);
        assertEquals(before.capacity(), CommandCodec.decode(before, 0, before.capacity(), decoded));
        assertEquals("DEPOSIT accountId=1001 assetId=2 amount=500", decoded.toString());
        assertEquals(0, decoded.movementId(), "no id: not idempotent, as then");

        final UnsafeBuffer now = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH]);
        assertEquals(before.capacity(), CommandCodec.encode(decoded, now, 0));
        for (int i = 0; i < before.capacity(); i++)
        {
            assertEquals(before.getByte(i), now.getByte(i), "byte " + i);
        }
        assertEquals(before.capacity() + 8, CommandCodec.encode(decoded.movementId(7), now, 0));
    }

    @Test
    void unknownTypeIsMalformed()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH]);
        int unknown = 0;
        for (int code = -128; code < 128; code++)
        {
            if (CommandType.fromCode(code) != null)
            {
                continue;
            }
            unknown++;
            buffer.putByte(0, (byte)code);
            for (final int length : new int[] {1, 9, 17, 43, CommandCodec.MAX_ENCODED_LENGTH})
            {
                final Command d = new Command();
                assertEquals(CommandCodec.MALFORMED, CommandCodec.decode(buffer, 0, length, d), "code " + code);
                assertNull(d.type());
            }
        }
        assertEquals(256 - CommandType.values().length, unknown);
    }

    @Test
    void unknownEnumCodesInNewOrderAreMalformed()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CommandCodec.MAX_ENCODED_LENGTH]);
        final Command order = samples().get(CommandType.NEW_ORDER);
        final int length = CommandCodec.encode(order, buffer, 0);
        // layout: type, accountId(8), instrumentId(4), clientOrderId(8), side, orderType, timeInForce, ...
        final int sideOffset = 1 + 8 + 4 + 8;
        final byte[][] badCodes = {{0, 3, (byte)0xFF}, {0, 3, (byte)0x80}, {0, 4, (byte)0xFF}}; // side, type, tif
        for (int field = 0; field < 3; field++)
        {
            for (final byte bad : badCodes[field])
            {
                CommandCodec.encode(order, buffer, 0);
                buffer.putByte(sideOffset + field, bad);
                final Command d = new Command();
                assertEquals(CommandCodec.MALFORMED, CommandCodec.decode(buffer, 0, length, d),
                    "field " + field + " code " + bad);
                assertNull(d.type());
            }
        }
        // and the untouched encoding still decodes
        CommandCodec.encode(order, buffer, 0);
        assertEquals(length, CommandCodec.decode(buffer, 0, length, new Command()));
    }

    private static void assertSameFields(final Command e, final Command a)
    {
        assertEquals(e.type(), a.type());
        assertEquals(e.accountId(), a.accountId());
        assertEquals(e.targetAccountId(), a.targetAccountId());
        assertEquals(e.assetId(), a.assetId());
        assertEquals(e.scale(), a.scale());
        assertEquals(e.amount(), a.amount());
        assertEquals(e.transferId(), a.transferId());
        assertEquals(e.instrumentId(), a.instrumentId());
        assertEquals(e.orderId(), a.orderId());
        assertEquals(e.clientOrderId(), a.clientOrderId());
        assertEquals(e.side(), a.side());
        assertEquals(e.orderType(), a.orderType());
        assertEquals(e.timeInForce(), a.timeInForce());
        assertEquals(e.postOnly(), a.postOnly());
        assertEquals(e.price(), a.price());
        assertEquals(e.quantity(), a.quantity());
        assertEquals(e.baseAssetId(), a.baseAssetId());
        assertEquals(e.quoteAssetId(), a.quoteAssetId());
        assertEquals(e.tickSize(), a.tickSize());
        assertEquals(e.lotSize(), a.lotSize());
        assertEquals(e.tickValue(), a.tickValue());
        assertEquals(e.minQuantity(), a.minQuantity());
        assertEquals(e.maxQuantity(), a.maxQuantity());
        assertEquals(e.makerFeePpm(), a.makerFeePpm());
        assertEquals(e.takerFeePpm(), a.takerFeePpm());
        assertEquals(e.feeAccountId(), a.feeAccountId());
        assertEquals(e.requestId(), a.requestId());
        assertEquals(e.levels(), a.levels());
        assertEquals(e.movementId(), a.movementId());
    }
}
