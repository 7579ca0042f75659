package dev.exengine.core.command;

public enum OrderType
{
    LIMIT(1),
    /** Takes liquidity at any price, never rests, never spends more than the buyer's available quote balance. */
    MARKET(2);

    private final byte code;

    OrderType(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /**
     * @return the order type for a code, or null when the code is unknown.
     */
    public static OrderType fromCode(final int code)
    {
        return code == 1 ? LIMIT : code == 2 ? MARKET : null;
    }
}
