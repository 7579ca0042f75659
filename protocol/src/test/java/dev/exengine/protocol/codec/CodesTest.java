package dev.exengine.protocol.codec;

import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.CancelReason;
import dev.exengine.core.event.RejectReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wire enums must carry the engine's codes under the engine's names, or a message would change meaning.
 */
class CodesTest
{
    @Test
    void shouldCarryEveryEngineSideAsItsCode()
    {
        for (final Side value : Side.values())
        {
            assertEquals(value.name(), Codes.side(value).name());
            assertEquals(value.code(), Codes.side(value).value());
        }
    }

    @Test
    void shouldCarryEveryEngineOrderTypeAsItsCode()
    {
        for (final OrderType value : OrderType.values())
        {
            assertEquals(value.name(), Codes.ordType(value).name());
            assertEquals(value.code(), Codes.ordType(value).value());
        }
    }

    @Test
    void shouldCarryEveryEngineTimeInForceAsItsCode()
    {
        for (final TimeInForce value : TimeInForce.values())
        {
            assertEquals(value.name(), Codes.timeInForce(value).name());
            assertEquals(value.code(), Codes.timeInForce(value).value());
        }
    }

    @Test
    void shouldCarryEveryEngineRejectReasonAsItsCode()
    {
        for (final RejectReason value : RejectReason.values())
        {
            assertEquals(value.name(), Codes.rejectReason(value).name());
            assertEquals(value.code(), Codes.rejectReason(value).value());
        }
    }

    @Test
    void shouldCarryEveryEngineCancelReasonAsItsCode()
    {
        for (final CancelReason value : CancelReason.values())
        {
            assertEquals(value.name(), Codes.cancelReason(value).name());
            assertEquals(value.code(), Codes.cancelReason(value).value());
        }
    }

    @Test
    void shouldCarryEveryEngineCommandTypeAsItsCode()
    {
        for (final CommandType value : CommandType.values())
        {
            if (value.isControl())
            {
                // The engine's own journal records never travel on the wire.
                continue;
            }
            assertEquals(value.name(), Codes.commandType(value).name());
            assertEquals(value.code(), Codes.commandType(value).value());
        }
    }
}
