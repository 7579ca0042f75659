package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.event.Event;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a command or an event by their canonical names, read through the record's accessor of that name, so
 * that the field's Java type decides how JSON and CSV write it (docs/OUTPUT-FORMATS.md): a second list of fields
 * and their types would drift from the records. Allocates (boxes) per value; not for the hot path.
 */
final class RecordFields
{
    /** How a field is written. */
    enum Kind
    {
        /** A {@code long}: a JSON string of its decimal digits, which a double (most JSON readers) would round. */
        LONG,
        /** An {@code int}: a JSON number. */
        INT,
        /** A {@code boolean}: true or false. */
        FLAG,
        /** An enum: its name, or null when unset. */
        NAME
    }

    /** One field and how to read it. */
    record Field(String name, Kind kind, Method accessor)
    {
        /** @return the value: a Long, an Integer, a Boolean, or the enum's name (null when unset). */
        Object value(final Object record)
        {
            try
            {
                final Object value = accessor.invoke(record);
                return kind == Kind.NAME && value != null ? ((Enum<?>)value).name() : value;
            }
            catch (final IllegalAccessException | InvocationTargetException ex)
            {
                throw new IllegalStateException("cannot read " + name + " of " + record, ex);
            }
        }

        /** Whether the canonical text shows the value: not 0, false, null or NONE. */
        boolean isSet(final Object value)
        {
            return switch (kind)
            {
                case LONG -> (Long)value != 0;
                case INT -> (Integer)value != 0;
                case FLAG -> (Boolean)value;
                case NAME -> value != null && !"NONE".equals(value);
            };
        }
    }

    static final RecordFields COMMAND = new RecordFields(Command.class);
    static final RecordFields EVENT = new RecordFields(Event.class);

    private final Class<?> type;
    private final Map<String, Field> byName = new HashMap<>();

    private RecordFields(final Class<?> type)
    {
        this.type = type;
        for (final Method method : type.getDeclaredMethods())
        {
            final Kind kind = kindOf(method.getReturnType());
            if (method.getParameterCount() == 0 && kind != null && Modifier.isPublic(method.getModifiers()))
            {
                byName.put(method.getName(), new Field(method.getName(), kind, method));
            }
        }
    }

    Field field(final String name)
    {
        final Field field = byName.get(name);
        if (field == null)
        {
            throw new IllegalStateException(type.getSimpleName() + " has no field " + name);
        }
        return field;
    }

    private static Kind kindOf(final Class<?> type)
    {
        if (type == long.class)
        {
            return Kind.LONG;
        }
        if (type == int.class)
        {
            return Kind.INT;
        }
        if (type == boolean.class)
        {
            return Kind.FLAG;
        }
        return type.isEnum() ? Kind.NAME : null;
    }
}
