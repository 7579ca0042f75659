package dev.exengine.core.command;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The binary form of a {@link Command}: the payload of a journal record. One type byte, then the fields that
 * type uses, in a fixed order, little-endian. The layout of each type is a table, so that encoder and decoder
 * cannot disagree. Adding a field to a type changes the journal format: append new types instead.
 * Allocates nothing.
 */
public final class CommandCodec
{
    /** Larger than the longest encoded command. */
    public static final int MAX_ENCODED_LENGTH = 128;

    /** Returned by {@link #decode} when the bytes are not a command this version understands. */
    public static final int MALFORMED = -1;

    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private enum Field
    {
        ACCOUNT_ID(8), TARGET_ACCOUNT_ID(8), ASSET_ID(4), SCALE(4), AMOUNT(8), TRANSFER_ID(8), INSTRUMENT_ID(4),
        ORDER_ID(8), CLIENT_ORDER_ID(8), SIDE(1), ORDER_TYPE(1), TIME_IN_FORCE(1), POST_ONLY(1), PRICE(8),
        QUANTITY(8), BASE_ASSET_ID(4), QUOTE_ASSET_ID(4), TICK_SIZE(8), LOT_SIZE(8), TICK_VALUE(8), MIN_QUANTITY(8),
        MAX_QUANTITY(8), MAKER_FEE_PPM(4), TAKER_FEE_PPM(4), FEE_ACCOUNT_ID(8), REQUEST_ID(8), LEVELS(4),
        SKIPPED_SEQUENCE(8), EPOCH(8);

        final int length;

        Field(final int length)
        {
            this.length = length;
        }
    }

    private static final Field[][] LAYOUTS = new Field[CommandType.values().length][];

    static
    {
        layout(CommandType.ADD_ASSET, Field.ASSET_ID, Field.SCALE);
        layout(CommandType.OPEN_ACCOUNT, Field.ACCOUNT_ID);
        layout(CommandType.DEPOSIT, Field.ACCOUNT_ID, Field.ASSET_ID, Field.AMOUNT);
        layout(CommandType.WITHDRAW, Field.ACCOUNT_ID, Field.ASSET_ID, Field.AMOUNT);
        layout(CommandType.SUSPEND_ACCOUNT, Field.ACCOUNT_ID);
        layout(CommandType.RESUME_ACCOUNT, Field.ACCOUNT_ID);
        layout(CommandType.ADD_INSTRUMENT, Field.INSTRUMENT_ID, Field.BASE_ASSET_ID, Field.QUOTE_ASSET_ID,
            Field.TICK_SIZE, Field.LOT_SIZE, Field.TICK_VALUE, Field.MIN_QUANTITY, Field.MAX_QUANTITY,
            Field.MAKER_FEE_PPM, Field.TAKER_FEE_PPM, Field.FEE_ACCOUNT_ID);
        layout(CommandType.HALT_INSTRUMENT, Field.INSTRUMENT_ID);
        layout(CommandType.RESUME_INSTRUMENT, Field.INSTRUMENT_ID);
        layout(CommandType.NEW_ORDER, Field.ACCOUNT_ID, Field.INSTRUMENT_ID, Field.CLIENT_ORDER_ID, Field.SIDE,
            Field.ORDER_TYPE, Field.TIME_IN_FORCE, Field.POST_ONLY, Field.PRICE, Field.QUANTITY);
        layout(CommandType.CANCEL_ORDER, Field.ACCOUNT_ID, Field.ORDER_ID);
        layout(CommandType.REPLACE_ORDER, Field.ACCOUNT_ID, Field.ORDER_ID, Field.PRICE, Field.QUANTITY);
        layout(CommandType.MASS_CANCEL, Field.ACCOUNT_ID, Field.INSTRUMENT_ID);
        layout(CommandType.TRANSFER, Field.ACCOUNT_ID, Field.TARGET_ACCOUNT_ID, Field.ASSET_ID, Field.AMOUNT,
            Field.TRANSFER_ID);
        layout(CommandType.SKIP_COMMAND, Field.SKIPPED_SEQUENCE);
        layout(CommandType.START_EPOCH, Field.EPOCH);
        layout(CommandType.QUERY_BALANCES, Field.ACCOUNT_ID, Field.REQUEST_ID);
        layout(CommandType.QUERY_OPEN_ORDERS, Field.ACCOUNT_ID, Field.REQUEST_ID);
        layout(CommandType.QUERY_DEPTH, Field.INSTRUMENT_ID, Field.REQUEST_ID, Field.LEVELS);
    }

    private CommandCodec()
    {
    }

    private static void layout(final CommandType type, final Field... fields)
    {
        LAYOUTS[type.ordinal()] = fields;
    }

    /**
     * @return the number of bytes {@link #encode} writes for a command of this type.
     */
    public static int encodedLength(final CommandType type)
    {
        int length = 1;
        for (final Field field : LAYOUTS[type.ordinal()])
        {
            length += field.length;
        }
        return length;
    }

    /**
     * Writes the command at the offset.
     *
     * @return the number of bytes written.
     */
    public static int encode(final Command command, final MutableDirectBuffer buffer, final int offset)
    {
        final CommandType type = command.type();
        buffer.putByte(offset, type.code());
        int position = offset + 1;
        for (final Field field : LAYOUTS[type.ordinal()])
        {
            switch (field)
            {
                case ACCOUNT_ID -> buffer.putLong(position, command.accountId(), ORDER);
                case TARGET_ACCOUNT_ID -> buffer.putLong(position, command.targetAccountId(), ORDER);
                case ASSET_ID -> buffer.putInt(position, command.assetId(), ORDER);
                case SCALE -> buffer.putInt(position, command.scale(), ORDER);
                case AMOUNT -> buffer.putLong(position, command.amount(), ORDER);
                case TRANSFER_ID -> buffer.putLong(position, command.transferId(), ORDER);
                case INSTRUMENT_ID -> buffer.putInt(position, command.instrumentId(), ORDER);
                case ORDER_ID -> buffer.putLong(position, command.orderId(), ORDER);
                case CLIENT_ORDER_ID -> buffer.putLong(position, command.clientOrderId(), ORDER);
                case SIDE -> buffer.putByte(position, command.side().code());
                case ORDER_TYPE -> buffer.putByte(position, command.orderType().code());
                case TIME_IN_FORCE -> buffer.putByte(position, command.timeInForce().code());
                case POST_ONLY -> buffer.putByte(position, (byte)(command.postOnly() ? 1 : 0));
                case PRICE -> buffer.putLong(position, command.price(), ORDER);
                case QUANTITY -> buffer.putLong(position, command.quantity(), ORDER);
                case BASE_ASSET_ID -> buffer.putInt(position, command.baseAssetId(), ORDER);
                case QUOTE_ASSET_ID -> buffer.putInt(position, command.quoteAssetId(), ORDER);
                case TICK_SIZE -> buffer.putLong(position, command.tickSize(), ORDER);
                case LOT_SIZE -> buffer.putLong(position, command.lotSize(), ORDER);
                case TICK_VALUE -> buffer.putLong(position, command.tickValue(), ORDER);
                case MIN_QUANTITY -> buffer.putLong(position, command.minQuantity(), ORDER);
                case MAX_QUANTITY -> buffer.putLong(position, command.maxQuantity(), ORDER);
                case MAKER_FEE_PPM -> buffer.putInt(position, command.makerFeePpm(), ORDER);
                case TAKER_FEE_PPM -> buffer.putInt(position, command.takerFeePpm(), ORDER);
                case FEE_ACCOUNT_ID -> buffer.putLong(position, command.feeAccountId(), ORDER);
                case REQUEST_ID -> buffer.putLong(position, command.requestId(), ORDER);
                case LEVELS -> buffer.putInt(position, command.levels(), ORDER);
                case SKIPPED_SEQUENCE -> buffer.putLong(position, command.skippedSequence(), ORDER);
                case EPOCH -> buffer.putLong(position, command.epoch(), ORDER);
                default -> throw new IllegalStateException("unhandled field " + field);
            }
            position += field.length;
        }
        return position - offset;
    }

    /**
     * Reads a command written by {@link #encode} into {@code command} (reset first).
     *
     * @return the number of bytes read, or {@link #MALFORMED} if the type or an enum code is unknown or the
     * length does not match the type's layout.
     */
    public static int decode(final DirectBuffer buffer, final int offset, final int length, final Command command)
    {
        command.reset();
        if (length < 1)
        {
            return MALFORMED;
        }
        final CommandType type = CommandType.fromCode(buffer.getByte(offset));
        if (type == null || length != encodedLength(type))
        {
            return MALFORMED;
        }
        command.type(type);
        int position = offset + 1;
        for (final Field field : LAYOUTS[type.ordinal()])
        {
            switch (field)
            {
                case ACCOUNT_ID -> command.accountId(buffer.getLong(position, ORDER));
                case TARGET_ACCOUNT_ID -> command.targetAccountId(buffer.getLong(position, ORDER));
                case ASSET_ID -> command.assetId(buffer.getInt(position, ORDER));
                case SCALE -> command.scale(buffer.getInt(position, ORDER));
                case AMOUNT -> command.amount(buffer.getLong(position, ORDER));
                case TRANSFER_ID -> command.transferId(buffer.getLong(position, ORDER));
                case INSTRUMENT_ID -> command.instrumentId(buffer.getInt(position, ORDER));
                case ORDER_ID -> command.orderId(buffer.getLong(position, ORDER));
                case CLIENT_ORDER_ID -> command.clientOrderId(buffer.getLong(position, ORDER));
                case SIDE -> command.side(Side.fromCode(buffer.getByte(position)));
                case ORDER_TYPE -> command.orderType(OrderType.fromCode(buffer.getByte(position)));
                case TIME_IN_FORCE -> command.timeInForce(TimeInForce.fromCode(buffer.getByte(position)));
                case POST_ONLY -> command.postOnly(buffer.getByte(position) != 0);
                case PRICE -> command.price(buffer.getLong(position, ORDER));
                case QUANTITY -> command.quantity(buffer.getLong(position, ORDER));
                case BASE_ASSET_ID -> command.baseAssetId(buffer.getInt(position, ORDER));
                case QUOTE_ASSET_ID -> command.quoteAssetId(buffer.getInt(position, ORDER));
                case TICK_SIZE -> command.tickSize(buffer.getLong(position, ORDER));
                case LOT_SIZE -> command.lotSize(buffer.getLong(position, ORDER));
                case TICK_VALUE -> command.tickValue(buffer.getLong(position, ORDER));
                case MIN_QUANTITY -> command.minQuantity(buffer.getLong(position, ORDER));
                case MAX_QUANTITY -> command.maxQuantity(buffer.getLong(position, ORDER));
                case MAKER_FEE_PPM -> command.makerFeePpm(buffer.getInt(position, ORDER));
                case TAKER_FEE_PPM -> command.takerFeePpm(buffer.getInt(position, ORDER));
                case FEE_ACCOUNT_ID -> command.feeAccountId(buffer.getLong(position, ORDER));
                case REQUEST_ID -> command.requestId(buffer.getLong(position, ORDER));
                case LEVELS -> command.levels(buffer.getInt(position, ORDER));
                case SKIPPED_SEQUENCE -> command.skippedSequence(buffer.getLong(position, ORDER));
                case EPOCH -> command.epoch(buffer.getLong(position, ORDER));
                default -> throw new IllegalStateException("unhandled field " + field);
            }
            position += field.length;
        }
        if (type == CommandType.NEW_ORDER &&
            (command.side() == null || command.orderType() == null || command.timeInForce() == null))
        {
            command.reset();
            return MALFORMED;
        }
        return position - offset;
    }
}
