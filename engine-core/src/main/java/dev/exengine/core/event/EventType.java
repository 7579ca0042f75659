package dev.exengine.core.event;

import dev.exengine.core.command.CommandType;

/**
 * Everything the business-logic processor reports.
 */
public enum EventType
{
    ORDER_ACCEPTED(1),
    ORDER_REJECTED(2),
    /** One fill: maker and taker sides, price, quantity, fees, remaining quantities. */
    TRADE(3),
    ORDER_CANCELED(4),
    ORDER_REPLACED(5),
    /** Cancel, replace or mass cancel refused. */
    CANCEL_REJECTED(6),
    MASS_CANCEL_DONE(7),
    TRANSFER_DONE(8),
    TRANSFER_REJECTED(9),
    /** New available and held of one account and asset. */
    BALANCE_CHANGED(10),
    ADMIN_DONE(11),
    ADMIN_REJECTED(12),
    /** Query answer: one balance. */
    BALANCE(13),
    /** Query answer: one live order. */
    OPEN_ORDER(14),
    /** Query answer: one aggregated price level. */
    DEPTH_LEVEL(15),
    /** Query answer complete. */
    QUERY_DONE(16),
    QUERY_REJECTED(17);

    private static final EventType[] BY_CODE = new EventType[18];

    static
    {
        for (final EventType value : values())
        {
            BY_CODE[value.code] = value;
        }
    }

    private final byte code;

    EventType(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /**
     * @return the value for a code, or null when the code is unknown.
     */
    public static EventType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * @return the event type that reports the reject of a command of this type.
     */
    public static EventType rejectOf(final CommandType commandType)
    {
        return switch (commandType)
        {
            case NEW_ORDER -> ORDER_REJECTED;
            case CANCEL_ORDER, REPLACE_ORDER, MASS_CANCEL -> CANCEL_REJECTED;
            case TRANSFER -> TRANSFER_REJECTED;
            case QUERY_BALANCES, QUERY_OPEN_ORDERS, QUERY_DEPTH -> QUERY_REJECTED;
            default -> ADMIN_REJECTED;
        };
    }
}
