package dev.exengine.journal;

import java.nio.file.Path;

/**
 * A cycle file of the journal is damaged beyond a torn tail: cut short, unreadable to Chronicle, or with intact
 * records where no reader reaches them. The message names the file, the damage and what to do; nothing was changed.
 */
public final class JournalDamagedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public JournalDamagedException(final Path file, final String message)
    {
        super(message);
        this.file = file;
    }

    public JournalDamagedException(final Path file, final String message, final Throwable cause)
    {
        super(message, cause);
        this.file = file;
    }

    /** The damaged cycle file. */
    public Path file()
    {
        return file;
    }
}
