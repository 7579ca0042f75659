package dev.exengine.tool;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Journal timestamps are epoch nanoseconds; operators read and write them as ISO-8601 UTC. */
final class Timestamps implements ITypeConverter<Long>
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    static String iso(final long epochNanos)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND))
            .toString();
    }

    /** Accepts {@code 2024-05-01T10:00:00.5Z}, {@code 2024-05-01T10:00:00} (UTC), {@code 2024-05-01} or epoch nanoseconds. */
    @Override
    public Long convert(final String value)
    {
        try
        {
            if (value.chars().allMatch(Character::isDigit))
            {
                return Long.parseLong(value);
            }
            final Instant instant;
            if (value.endsWith("Z") || value.contains("+"))
            {
                instant = Instant.parse(value);
            }
            else if (value.contains("T"))
            {
                instant = LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            }
            else
            {
                instant = LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException | NumberFormatException ex)
        {
            throw new TypeConversionException("'" + value + "' is not a time: use ISO-8601 UTC such as " +
                "2024-05-01T10:00:00Z or 2024-05-01T10:00:00.250Z, a date such as 2024-05-01, or epoch nanoseconds");
        }
    }
}
