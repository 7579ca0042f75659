package dev.exengine.core.event;

/**
 * Why a command was refused. Codes are part of the wire protocol: never reuse one.
 */
public enum RejectReason
{
    /** Not a reject. */
    NONE(0),
    UNKNOWN_ACCOUNT(1),
    ACCOUNT_SUSPENDED(2),
    ACCOUNT_NOT_SUSPENDED(3),
    UNKNOWN_INSTRUMENT(4),
    INSTRUMENT_HALTED(5),
    INSTRUMENT_NOT_HALTED(6),
    UNKNOWN_ASSET(7),
    /** An id that must be positive was not. */
    INVALID_ID(8),
    DUPLICATE_ASSET(9),
    DUPLICATE_ACCOUNT(10),
    DUPLICATE_INSTRUMENT(11),
    INVALID_SCALE(12),
    /** Tick, lot, tick value or min/max quantity inconsistent. */
    INVALID_INSTRUMENT(13),
    INVALID_FEE(14),
    INVALID_AMOUNT(15),
    INVALID_QUANTITY(16),
    INVALID_PRICE(17),
    PRICE_OFF_TICK(18),
    QUANTITY_OFF_LOT(19),
    QUANTITY_BELOW_MIN(20),
    QUANTITY_ABOVE_MAX(21),
    /** Market order with GTC, or post-only with a market, IOC or FOK order. */
    INVALID_ORDER_FLAGS(22),
    /** An amount would not fit in 64 bits. */
    OVERFLOW(23),
    INSUFFICIENT_FUNDS(24),
    /** The account already has a live order with this client order id. */
    DUPLICATE_CLIENT_ORDER_ID(25),
    UNKNOWN_ORDER(26),
    /** The order was filled, canceled or replaced away. */
    ORDER_NOT_LIVE(27),
    NOT_ORDER_OWNER(28),
    POST_ONLY_WOULD_CROSS(29),
    FOK_NOT_FILLABLE(30),
    /** A replace may not set the total quantity at or below what already filled. */
    QUANTITY_NOT_ABOVE_FILLED(31),
    /** A replace with the same price and quantity. */
    NO_CHANGE(32),
    TRANSFER_TO_SELF(33),
    /** The session may not act on this account or send admin commands. */
    NOT_AUTHORIZED(40),
    /** The session's rate limit was exceeded. */
    THROTTLED(41),
    /** The input ring was full. */
    ENGINE_BUSY(42),
    /** The engine stopped accepting commands after an internal failure. */
    ENGINE_HALTED(43),
    /** The message could not be decoded. */
    MALFORMED(44),
    /** Processing failed; the state was left unchanged. */
    INTERNAL_ERROR(45);

    private static final RejectReason[] BY_CODE = new RejectReason[46];

    static
    {
        for (final RejectReason value : values())
        {
            BY_CODE[value.code] = value;
        }
    }

    private final byte code;

    RejectReason(final int code)
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
    public static RejectReason fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
