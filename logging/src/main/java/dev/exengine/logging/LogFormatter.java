package dev.exengine.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * One line per log record, its time first in ISO-8601 UTC to the microsecond ({@code 2026-03-14T09:26:53.589793Z}),
 * whatever the machine's time zone: text for people, or a JSON object per line for log shippers. Chosen in the
 * logging configuration ({@code java.util.logging.LogManager}'s file, README "Logs"):
 * <pre>
 *   java.util.logging.ConsoleHandler.formatter = dev.exengine.logging.LogFormatter
 *   dev.exengine.logging.LogFormatter.style = text        # or json
 * </pre>
 * Text: {@code TIME LEVEL LOGGER: MESSAGE key=value ...}, the audit fields ({@link AuditRecord}) after the message,
 * a value quoted when it holds a space, a quote or an equals sign, and every control character in the message or a
 * value escaped ({@code \n}, {@code \u0007}), so that nothing a client sends (a user name) can forge a line; a
 * stack trace follows on its own lines. JSON: {@code time}, {@code level}, {@code logger}, {@code thread},
 * {@code message}, each audit field under its own name, and {@code error} with the stack trace.
 */
public final class LogFormatter extends Formatter
{
    /** The logging configuration's key for the style, {@code text} or {@code json}. */
    public static final String STYLE_PROPERTY = LogFormatter.class.getName() + ".style";

    /** How each record is written. */
    public enum Style
    {
        TEXT, JSON
    }

    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = new JsonFactory();

    private final Style style;

    /** What the logging configuration names: the style from {@link #STYLE_PROPERTY}, text when it names none. */
    public LogFormatter()
    {
        this(style(LogManager.getLogManager().getProperty(STYLE_PROPERTY)));
    }

    public LogFormatter(final Style style)
    {
        this.style = style;
    }

    /**
     * @param text a style's name as the configuration writes it, in any case; null or blank for text.
     * @throws IllegalArgumentException naming the key and the choices when it is neither.
     */
    public static Style style(final String text)
    {
        if (text == null || text.isBlank())
        {
            return Style.TEXT;
        }
        try
        {
            return Style.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(STYLE_PROPERTY + " must be text or json, not '" + text.trim() + "'");
        }
    }

    @Override
    public String format(final LogRecord record)
    {
        return style == Style.JSON ? json(record) : text(record);
    }

    private String text(final LogRecord record)
    {
        final StringBuilder line = new StringBuilder(160)
            .append(TIME.format(record.getInstant())).append(' ')
            .append(record.getLevel().getName()).append(' ')
            .append(record.getLoggerName()).append(": ");
        escape(formatMessage(record), line);
        if (record instanceof AuditRecord audit)
        {
            for (int i = 0; i < audit.fieldCount(); i++)
            {
                line.append(' ').append(audit.fieldName(i)).append('=');
                value(String.valueOf(audit.fieldValue(i)), line);
            }
        }
        line.append(System.lineSeparator());
        if (record.getThrown() != null)
        {
            line.append(stackTrace(record.getThrown()));
        }
        return line.toString();
    }

    private String json(final LogRecord record)
    {
        final StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out))
        {
            json.writeStartObject();
            json.writeStringField("time", TIME.format(record.getInstant()));
            json.writeStringField("level", record.getLevel().getName());
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("thread", threadName(record));
            json.writeStringField("message", formatMessage(record));
            if (record instanceof AuditRecord audit)
            {
                for (int i = 0; i < audit.fieldCount(); i++)
                {
                    final Object value = audit.fieldValue(i);
                    json.writeFieldName(audit.fieldName(i));
                    if (value instanceof Long || value instanceof Integer)
                    {
                        json.writeNumber(((Number)value).longValue());
                    }
                    else if (value instanceof Boolean flag)
                    {
                        json.writeBoolean(flag);
                    }
                    else
                    {
                        json.writeString(String.valueOf(value));
                    }
                }
            }
            if (record.getThrown() != null)
            {
                json.writeStringField("error", stackTrace(record.getThrown()));
            }
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            // A StringWriter does not fail; the generator declares it all the same.
            throw new UncheckedIOException(ex);
        }
        return out.append(System.lineSeparator()).toString();
    }

    /** The logging thread's name when it is the record's (handlers here format on it), else its id. */
    private static String threadName(final LogRecord record)
    {
        final Thread current = Thread.currentThread();
        return current.getId() == record.getLongThreadID() ? current.getName() : "thread-" + record.getLongThreadID();
    }

    private static String stackTrace(final Throwable thrown)
    {
        final StringWriter trace = new StringWriter();
        try (PrintWriter print = new PrintWriter(trace))
        {
            thrown.printStackTrace(print);
        }
        return trace.toString();
    }

    /** A value as is when it reads as one word, else quoted; control characters escaped either way. */
    private static void value(final String value, final StringBuilder line)
    {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++)
        {
            final char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '\\' && !mustEscape(c);
        }
        if (plain)
        {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                line.append('\\').append(c);
            }
            else
            {
                escape(c, line);
            }
        }
        line.append('"');
    }

    /** Control characters, and the Unicode line and paragraph separators that some viewers break lines at. */
    private static boolean mustEscape(final char c)
    {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
    }

    private static void escape(final String text, final StringBuilder line)
    {
        for (int i = 0; i < text.length(); i++)
        {
            escape(text.charAt(i), line);
        }
    }

    private static void escape(final char c, final StringBuilder line)
    {
        if (c == '\n')
        {
            line.append("\\n");
        }
        else if (c == '\r')
        {
            line.append("\\r");
        }
        else if (c == '\t')
        {
            line.append("\\t");
        }
        else if (mustEscape(c))
        {
            line.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
        }
        else
        {
            line.append(c);
        }
    }
}
