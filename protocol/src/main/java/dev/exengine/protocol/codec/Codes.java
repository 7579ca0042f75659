package dev.exengine.protocol.codec;

import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.RejectReason;
import dev.exengine.protocol.sbe.BooleanType;
import dev.exengine.protocol.sbe.OrdType;

/**
 * Maps the engine's enums to the wire's and back. The wire enums carry the engine's codes (a test checks every
 * one), so both directions go through the code. An unset engine value travels as the wire's null value; an
 * unknown wire code maps to null, which decoders report as BAD_ENUM. Allocates nothing.
 */
final class Codes
{
    /** The wire's null value of every uint8 enum. */
    static final short NULL_CODE = 255;

    private Codes()
    {
    }

    static dev.exengine.protocol.sbe.Side side(final Side side)
    {
        return side == null ? dev.exengine.protocol.sbe.Side.NULL_VAL : dev.exengine.protocol.sbe.Side.get(side.code());
    }

    static OrdType ordType(final OrderType orderType)
    {
        return orderType == null ? OrdType.NULL_VAL : OrdType.get(orderType.code());
    }

    static dev.exengine.protocol.sbe.TimeInForce timeInForce(final TimeInForce timeInForce)
    {
        return timeInForce == null ?
            dev.exengine.protocol.sbe.TimeInForce.NULL_VAL : dev.exengine.protocol.sbe.TimeInForce.get(timeInForce.code());
    }

    static BooleanType flag(final boolean value)
    {
        return value ? BooleanType.TRUE : BooleanType.FALSE;
    }

    static dev.exengine.protocol.sbe.RejectReason rejectReason(final RejectReason reason)
    {
        return reason == null ?
            dev.exengine.protocol.sbe.RejectReason.NONE : dev.exengine.protocol.sbe.RejectReason.get(reason.code());
    }

    static dev.exengine.protocol.sbe.CancelReason cancelReason(final CancelReason reason)
    {
        return reason == null ?
            dev.exengine.protocol.sbe.CancelReason.NONE : dev.exengine.protocol.sbe.CancelReason.get(reason.code());
    }

    static dev.exengine.protocol.sbe.CommandType commandType(final CommandType type)
    {
        return type == null ?
            dev.exengine.protocol.sbe.CommandType.NULL_VAL : dev.exengine.protocol.sbe.CommandType.get(type.code());
    }

    /**
     * @return the flag, or -1 when the code is neither FALSE nor TRUE.
     */
    static int flag(final short code)
    {
        return code == 0 ? 0 : code == 1 ? 1 : -1;
    }

    /**
     * The postOnly flag of a message that gained it in schema version {@code sinceVersion}: 0 (not set) from an
     * older sender, whose message does not carry the field.
     *
     * @return 0, 1, or -1 when the code is neither FALSE nor TRUE.
     */
    static int postOnly(final int actingVersion, final int sinceVersion, final short code)
    {
        return actingVersion < sinceVersion ? 0 : flag(code);
    }
}
