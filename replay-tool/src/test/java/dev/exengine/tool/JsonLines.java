package dev.exengine.tool;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON lines back with jackson-core's parser: each object as a map of String, Long (an integer), Boolean or null. */
final class JsonLines
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLines()
    {
    }

    static List<Map<String, Object>> parse(final String lines)
    {
        final List<Map<String, Object>> objects = new ArrayList<>();
        for (final String line : lines.split("\n"))
        {
            objects.add(parseObject(line));
        }
        return objects;
    }

    static Map<String, Object> parseObject(final String json)
    {
        try (JsonParser parser = FACTORY.createParser(json))
        {
            final Map<String, Object> object = new LinkedHashMap<>();
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IllegalArgumentException("not an object: " + json);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                object.put(name, switch (value)
                {
                    case VALUE_STRING -> parser.getText();
                    case VALUE_NUMBER_INT -> parser.getLongValue();
                    case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
                    case VALUE_NULL -> null;
                    default -> throw new IllegalArgumentException("unexpected " + value + " in " + json);
                });
            }
            if (parser.nextToken() != null)
            {
                throw new IllegalArgumentException("more than one object on the line: " + json);
            }
            return object;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
