package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.Side;
import dev.exengine.core.event.Event;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordFieldsTest
{
    @Test
    void shouldReadEveryFieldOfEveryCommandType()
    {
        for (final CommandType type : CommandType.values())
        {
            for (final String name : CommandCodec.fieldNames(type))
            {
                assertEquals(name, RecordFields.COMMAND.field(name).name());
            }
        }
    }

    @Test
    void shouldHaveACsvColumnForEveryEventField()
    {
        for (final Method method : Event.class.getDeclaredMethods())
        {
            final Class<?> type = method.getReturnType();
            if (Modifier.isPublic(method.getModifiers()) && method.getParameterCount() == 0 &&
                (type == long.class || type == int.class || type == boolean.class || type.isEnum()))
            {
                assertTrue(EventsCommand.CSV_COLUMNS.contains(method.getName()),
                    "event field " + method.getName() + " has no CSV column: append it to EventsCommand.CSV_COLUMNS");
            }
        }
    }

    @Test
    void shouldReadValuesByTheirJavaType()
    {
        final Command order = new Command().type(CommandType.NEW_ORDER).accountId(Long.MAX_VALUE).instrumentId(3)
            .side(Side.BUY);
        assertEquals(Long.MAX_VALUE, RecordFields.COMMAND.field("accountId").value(order));
        assertEquals(3, RecordFields.COMMAND.field("instrumentId").value(order));
        assertEquals(false, RecordFields.COMMAND.field("postOnly").value(order));
        assertEquals("BUY", RecordFields.COMMAND.field("side").value(order));
        assertNull(RecordFields.COMMAND.field("orderType").value(order));
        assertEquals(RecordFields.Kind.LONG, RecordFields.COMMAND.field("accountId").kind());
        assertEquals(RecordFields.Kind.INT, RecordFields.COMMAND.field("instrumentId").kind());
        assertEquals(RecordFields.Kind.FLAG, RecordFields.COMMAND.field("postOnly").kind());
        assertEquals(RecordFields.Kind.NAME, RecordFields.COMMAND.field("side").kind());
    }
}
