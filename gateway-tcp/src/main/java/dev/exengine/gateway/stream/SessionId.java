package dev.exengine.gateway.stream;

import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The SoupBinTCP session id of a gateway data directory: 10 characters, chosen once when the directory is first used
 * (base 36 of the creation time in milliseconds, zero-padded) and read back at every start, so that sequence numbers
 * and the session id stay valid across restarts for as long as the outbound stores live.
 */
public final class SessionId
{
    /** The file in the data directory that holds it. */
    public static final String FILE_NAME = "session-id";
    private static final int LENGTH = 10;

    private SessionId()
    {
    }

    /** Reads the session id of the data directory, creating it on first use. */
    public static String loadOrCreate(final Path dataDirectory, final long nowMillis)
    {
        final Path file = dataDirectory.resolve(FILE_NAME);
        try
        {
            Files.createDirectories(dataDirectory);
            if (Files.exists(file))
            {
                return read(dataDirectory);
            }
            final String digits = Long.toString(nowMillis, 36).toUpperCase(Locale.ROOT);
            final String id = "0".repeat(Math.max(0, LENGTH - digits.length())) +
                digits.substring(Math.max(0, digits.length() - LENGTH));
            DurableFiles.replace(file, ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
            return id;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read or create " + file, ex);
        }
    }

    /**
     * Replaces the session id of the data directory, durably.
     *
     * @throws IllegalArgumentException when the text is not a session id.
     */
    public static void replace(final Path dataDirectory, final String id)
    {
        if (id.length() != LENGTH || !id.chars().allMatch(SessionId::isBase36Digit))
        {
            throw new IllegalArgumentException("not a 10-character session id: '" + id + "'");
        }
        DurableFiles.replace(dataDirectory.resolve(FILE_NAME),
            ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Reads the session id of a data directory that has one.
     *
     * @throws IllegalStateException when the file does not hold a session id.
     */
    public static String read(final Path dataDirectory)
    {
        final Path file = dataDirectory.resolve(FILE_NAME);
        final String id;
        try
        {
            id = Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        if (id.length() != LENGTH || !id.chars().allMatch(SessionId::isBase36Digit))
        {
            throw new IllegalStateException(file + " does not hold a 10-character session id: '" + id + "'");
        }
        return id;
    }

    /**
     * The creation time an id of {@link #loadOrCreate} encodes; another id (letters and digits) reads as some time,
     * which is all a new session needs to pick a different one.
     */
    public static long createdMillis(final String id)
    {
        return Long.parseLong(id, 36);
    }

    private static boolean isBase36Digit(final int c)
    {
        return c < 128 && Character.isLetterOrDigit(c);
    }
}
