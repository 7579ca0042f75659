package dev.exengine.tool;

/**
 * Reads the canonical text of a command or event ({@code TYPE name=value ... flag}, as their {@code appendTo}
 * writes it) field by field, so that JSON and CSV follow the one canonical form instead of a second list of fields.
 */
final class CanonicalText
{
    /** Receives one field; {@code value} is null for a flag such as {@code postOnly}. */
    @FunctionalInterface
    interface FieldVisitor
    {
        void field(String name, String value);
    }

    private CanonicalText()
    {
    }

    static String type(final CharSequence text)
    {
        final String s = text.toString();
        final int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    static void fields(final CharSequence text, final FieldVisitor visitor)
    {
        final String s = text.toString();
        int start = s.indexOf(' ');
        while (start >= 0)
        {
            final int end = s.indexOf(' ', start + 1);
            final String token = s.substring(start + 1, end < 0 ? s.length() : end);
            final int equals = token.indexOf('=');
            if (equals < 0)
            {
                visitor.field(token, null);
            }
            else
            {
                visitor.field(token.substring(0, equals), token.substring(equals + 1));
            }
            start = end;
        }
    }

    static boolean isNumber(final String value)
    {
        final int start = value.startsWith("-") ? 1 : 0;
        if (value.length() == start)
        {
            return false;
        }
        for (int i = start; i < value.length(); i++)
        {
            if (!Character.isDigit(value.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code "type":..., "name":value, ...} (no braces) for the text's type and fields. */
    static void appendJsonFields(final CharSequence text, final StringBuilder json)
    {
        json.append("\"type\":\"").append(type(text)).append('"');
        fields(text, (name, value) ->
        {
            json.append(",\"").append(name).append("\":");
            if (value == null)
            {
                json.append("true");
            }
            else if (isNumber(value))
            {
                json.append(value);
            }
            else
            {
                json.append('"').append(value).append('"');
            }
        });
    }
}
