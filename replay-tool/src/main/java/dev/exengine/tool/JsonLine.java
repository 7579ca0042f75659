package dev.exengine.tool;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON lines, one object per record, written by jackson-core's generator (its escaping, not ours) into a buffer
 * reused from line to line. Each value goes through {@link #field}: a Long as a string (a double, which most JSON
 * readers use, holds integers exactly only up to 2^53), an Integer as a number, a Boolean, a String or null.
 */
final class JsonLine
{
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().rootValueSeparator((String)null).build();

    private final StringWriter buffer = new StringWriter(512);
    private final JsonGenerator json;

    JsonLine()
    {
        try
        {
            json = FACTORY.createGenerator(buffer);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void begin()
    {
        buffer.getBuffer().setLength(0);
        try
        {
            json.writeStartObject();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void field(final String name, final Object value)
    {
        try
        {
            json.writeFieldName(name);
            if (value == null)
            {
                json.writeNull();
            }
            else if (value instanceof Integer number)
            {
                json.writeNumber(number);
            }
            else if (value instanceof Boolean flag)
            {
                json.writeBoolean(flag);
            }
            else
            {
                json.writeString(value.toString());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the object, without a line end; valid until the next {@link #begin}. */
    CharSequence end()
    {
        try
        {
            json.writeEndObject();
            json.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return buffer.getBuffer();
    }
}
