package dev.exengine.core.event;

/**
 * Why a live order left the book without filling.
 */
public enum CancelReason
{
    /** Not a cancel. */
    NONE(0),
    /** Canceled by its owner. */
    CLIENT(1),
    /** Unfilled remainder of an IOC or market order. */
    IOC_REMAINDER(2),
    /** Resting order met by an incoming order of the same account. */
    SELF_TRADE(3),
    MASS_CANCEL(4),
    /** The instrument was halted. */
    HALT(5),
    /** A market buy reached the buyer's available quote balance. */
    MARKET_PROTECTION(6);

    private static final CancelReason[] BY_CODE = new CancelReason[7];

    static
    {
        for (final CancelReason value : values())
        {
            BY_CODE[value.code] = value;
        }
    }

    private final byte code;

    CancelReason(final int code)
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
    public static CancelReason fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
