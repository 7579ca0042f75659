package dev.exengine.core.command;

public enum TimeInForce
{
    /** Good till canceled: the remainder rests on the book. */
    GTC(1),
    /** Immediate or cancel: the remainder is canceled. */
    IOC(2),
    /** Fill or kill: fills completely at once or is rejected without touching the state. */
    FOK(3);

    private final byte code;

    TimeInForce(final int code)
    {
        this.code = (byte)code;
    }

    public byte code()
    {
        return code;
    }

    /**
     * @return the time in force for a code, or null when the code is unknown.
     */
    public static TimeInForce fromCode(final int code)
    {
        return code == 1 ? GTC : code == 2 ? IOC : code == 3 ? FOK : null;
    }
}
