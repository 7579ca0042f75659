package dev.exengine.core.command;

public enum Side
{
    BUY(1),
    SELL(2);

    private final byte code;

    Side(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    public Side opposite()
    {
        return this == BUY ? SELL : BUY;
    }

    /**
     * @return the side for a code, or null when the code is unknown.
     */
    public static Side fromCode(final int code)
    {
        return code == 1 ? BUY : code == 2 ? SELL : null;
    }
}
