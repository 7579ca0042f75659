package dev.exengine.tool;

import dev.exengine.core.command.Command;

/**
 * Reads the canonical text of a command or event ({@code TYPE name=value ... flag}, as their {@code appendTo} writes
 * it) field by field, so that the text --scaled prints is the canonical text with its amounts, quantities and prices
 * in decimals, and nothing else changed.
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

    /**
     * Appends the text with each value {@link Scales#decimal} shows as a decimal replaced by it.
     *
     * @param record the command, for an ADD_INSTRUMENT's own fields; null for an event.
     */
    static void appendScaled(
        final CharSequence text, final Scales scales, final int assetId, final int instrumentId, final Command record,
        final StringBuilder to)
    {
        final String s = text.toString();
        final int space = s.indexOf(' ');
        to.append(s, 0, space < 0 ? s.length() : space);
        fields(s, (name, value) ->
        {
            to.append(' ').append(name);
            if (value != null)
            {
                final String decimal = isInteger(value) ?
                    scales.decimal(name, Long.parseLong(value), assetId, instrumentId, record) : null;
                to.append('=').append(decimal != null ? decimal : value);
            }
        });
    }

    private static boolean isInteger(final String value)
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
}
