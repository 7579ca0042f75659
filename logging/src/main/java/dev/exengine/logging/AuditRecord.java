package dev.exengine.logging;

import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A record of the audit log ({@link AuditLog}): a message for people and named fields for machines, the first of
 * them {@code event}, the kind's name. {@link LogFormatter} writes the fields after the message ({@code key=value}) or
 * as members of the JSON line; any other formatter shows the message alone.
 */
public final class AuditRecord extends LogRecord
{
    private static final long serialVersionUID = 1L;
    /** The names {@link LogFormatter}'s JSON lines give their own members. */
    private static final Set<String> RESERVED = Set.of("time", "level", "logger", "thread", "message", "error");

    private final String[] names;
    private final transient Object[] values;

    /**
     * @param fields name, value, name, value, ...: each name a word that no line member uses already.
     * @throws IllegalArgumentException when a name is missing, reserved or not a String.
     */
    AuditRecord(final Level level, final String loggerName, final String event, final String message,
        final Object... fields)
    {
        super(level, message);
        setLoggerName(loggerName);
        if (fields.length % 2 != 0)
        {
            throw new IllegalArgumentException("audit fields come in name, value pairs: " + fields.length + " given");
        }
        names = new String[fields.length / 2 + 1];
        values = new Object[names.length];
        names[0] = "event";
        values[0] = event;
        for (int i = 0; i < fields.length; i += 2)
        {
            if (!(fields[i] instanceof String name) || RESERVED.contains(name) || "event".equals(name))
            {
                throw new IllegalArgumentException("audit field name '" + fields[i] + "' is not a free name");
            }
            names[i / 2 + 1] = name;
            values[i / 2 + 1] = fields[i + 1];
        }
    }

    /** The kind of event, as configured keys and log searches name it ({@code login.rejected}). */
    public String event()
    {
        return (String)values[0];
    }

    public int fieldCount()
    {
        return names.length;
    }

    public String fieldName(final int index)
    {
        return names[index];
    }

    public Object fieldValue(final int index)
    {
        return values[index];
    }

    /** @return the value of the named field, or null when the record has none. */
    public Object field(final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return values[i];
            }
        }
        return null;
    }
}
