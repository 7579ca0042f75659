package dev.exengine.core.command;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The binary form of a {@link Command}: the payload of a journal record. One type byte, then the fields that
 * type uses, in a fixed order, little-endian. The layout of each type is a table, so that encoder and decoder
 * cannot disagree. A type gains a field only at the end of its layout, and only one whose 0 means what its absence
 * did ({@link #appended}): a record's length tells whether it carries the fields added later, which are written only
 * when one of them is not 0. So a command that sets none of them is written byte for byte as before, and every record
 * written before decodes to the same command. Any other change needs a new type. Allocates nothing.
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
        MOVEMENT_ID(8), SKIPPED_SEQUENCE(8), EPOCH(8);

        final int length;
        /** The field's name in the canonical text ({@code MAKER_FEE_PPM}: {@code makerFeePpm}). */
        final String canonicalName;

        Field(final int length)
        {
            this.length = length;
            final String[] words = name().toLowerCase(Locale.ROOT).split("_");
            final StringBuilder camel = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++)
            {
                camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
            }
            this.canonicalName = camel.toString();
        }
    }

    private static final Field[][] LAYOUTS = new Field[CommandType.values().length][];
    /** Per type: the length of a record with the fields of its first layout only, and with all of them. */
    private static final int[] BASE_LENGTHS = new int[CommandType.values().length];
    private static final int[] FULL_LENGTHS = new int[CommandType.values().length];
    /** Per type: how many of its fields every record carries; those after them were appended later. */
    private static final int[] BASE_FIELDS = new int[CommandType.values().length];

    static
    {
        layout(CommandType.ADD_ASSET, Field.ASSET_ID, Field.SCALE);
        layout(CommandType.OPEN_ACCOUNT, Field.ACCOUNT_ID);
        layout(CommandType.DEPOSIT, Field.ACCOUNT_ID, Field.ASSET_ID, Field.AMOUNT);
        appended(CommandType.DEPOSIT, Field.MOVEMENT_ID);
        layout(CommandType.WITHDRAW, Field.ACCOUNT_ID, Field.ASSET_ID, Field.AMOUNT);
        appended(CommandType.WITHDRAW, Field.MOVEMENT_ID);
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
        BASE_FIELDS[type.ordinal()] = fields.length;
        BASE_LENGTHS[type.ordinal()] = length(fields, fields.length);
        FULL_LENGTHS[type.ordinal()] = BASE_LENGTHS[type.ordinal()];
    }

    /** Fields a type gained after its first layout: 0 in every record written before, and left out when 0. */
    private static void appended(final CommandType type, final Field... fields)
    {
        final Field[] base = LAYOUTS[type.ordinal()];
        final Field[] all = Arrays.copyOf(base, base.length + fields.length);
        System.arraycopy(fields, 0, all, base.length, fields.length);
        LAYOUTS[type.ordinal()] = all;
        FULL_LENGTHS[type.ordinal()] = length(all, all.length);
    }

    private static int length(final Field[] fields, final int count)
    {
        int length = 1;
        for (int i = 0; i < count; i++)
        {
            length += fields[i].length;
        }
        return length;
    }

    /**
     * The fields a command of this type has, by their names in the canonical text ({@link Command#appendTo}), in the
     * order of its layout: the fields added later included, which records written before them read as 0. Every other
     * field of {@link Command} is not part of the type. For tools that show every field of a record, 0 included.
     */
    public static List<String> fieldNames(final CommandType type)
    {
        final Field[] layout = LAYOUTS[type.ordinal()];
        final List<String> names = new ArrayList<>(layout.length);
        for (final Field field : layout)
        {
            names.add(field.canonicalName);
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * @return the number of bytes {@link #encode} writes for this command.
     */
    public static int encodedLength(final Command command)
    {
        final int type = command.type().ordinal();
        return carriesAppended(command) ? FULL_LENGTHS[type] : BASE_LENGTHS[type];
    }

    /**
     * Writes the command at the offset.
     *
     * @return the number of bytes written.
     */
    public static int encode(final Command command, final MutableDirectBuffer buffer, final int offset)
    {
        final CommandType type = command.type();
        final Field[] layout = LAYOUTS[type.ordinal()];
        final int count = carriesAppended(command) ? layout.length : BASE_FIELDS[type.ordinal()];
        buffer.putByte(offset, type.code());
        int position = offset + 1;
        for (int i = 0; i < count; i++)
        {
            final Field field = layout[i];
            final long value = value(field, command);
            switch (field.length)
            {
                case Long.BYTES -> buffer.putLong(position, value, ORDER);
                case Integer.BYTES -> buffer.putInt(position, (int)value, ORDER);
                default -> buffer.putByte(position, (byte)value);
            }
            position += field.length;
        }
        return position - offset;
    }

    /**
     * Reads a command written by {@link #encode} into {@code command} (reset first).
     *
     * @return the number of bytes read, or {@link #MALFORMED} if the type or an enum code is unknown or the
     * length matches neither the type's first layout nor its whole one.
     */
    public static int decode(final DirectBuffer buffer, final int offset, final int length, final Command command)
    {
        command.reset();
        if (length < 1)
        {
            return MALFORMED;
        }
        final CommandType type = CommandType.fromCode(buffer.getByte(offset));
        if (type == null || (length != BASE_LENGTHS[type.ordinal()] && length != FULL_LENGTHS[type.ordinal()]))
        {
            return MALFORMED;
        }
        command.type(type);
        final Field[] layout = LAYOUTS[type.ordinal()];
        final int count = length == FULL_LENGTHS[type.ordinal()] ? layout.length : BASE_FIELDS[type.ordinal()];
        int position = offset + 1;
        for (int i = 0; i < count; i++)
        {
            final Field field = layout[i];
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
                case MOVEMENT_ID -> command.movementId(buffer.getLong(position, ORDER));
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

    /** @return true when one of the fields the command's type gained after its first layout is not 0. */
    private static boolean carriesAppended(final Command command)
    {
        final Field[] layout = LAYOUTS[command.type().ordinal()];
        for (int i = BASE_FIELDS[command.type().ordinal()]; i < layout.length; i++)
        {
            if (value(layout[i], command) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /** The field's value as written: an enum as its code, a flag as 0 or 1. */
    private static long value(final Field field, final Command command)
    {
        return switch (field)
        {
            case ACCOUNT_ID -> command.accountId();
            case TARGET_ACCOUNT_ID -> command.targetAccountId();
            case ASSET_ID -> command.assetId();
            case SCALE -> command.scale();
            case AMOUNT -> command.amount();
            case TRANSFER_ID -> command.transferId();
            case INSTRUMENT_ID -> command.instrumentId();
            case ORDER_ID -> command.orderId();
            case CLIENT_ORDER_ID -> command.clientOrderId();
            case SIDE -> command.side().code();
            case ORDER_TYPE -> command.orderType().code();
            case TIME_IN_FORCE -> command.timeInForce().code();
            case POST_ONLY -> command.postOnly() ? 1 : 0;
            case PRICE -> command.price();
            case QUANTITY -> command.quantity();
            case BASE_ASSET_ID -> command.baseAssetId();
            case QUOTE_ASSET_ID -> command.quoteAssetId();
            case TICK_SIZE -> command.tickSize();
            case LOT_SIZE -> command.lotSize();
            case TICK_VALUE -> command.tickValue();
            case MIN_QUANTITY -> command.minQuantity();
            case MAX_QUANTITY -> command.maxQuantity();
            case MAKER_FEE_PPM -> command.makerFeePpm();
            case TAKER_FEE_PPM -> command.takerFeePpm();
            case FEE_ACCOUNT_ID -> command.feeAccountId();
            case REQUEST_ID -> command.requestId();
            case LEVELS -> command.levels();
            case MOVEMENT_ID -> command.movementId();
            case SKIPPED_SEQUENCE -> command.skippedSequence();
            case EPOCH -> command.epoch();
        };
    }
}
