package dev.exengine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one writer of a journal directory: an exclusive lock on its {@link #FILE_NAME}, held by {@link CommandJournal}
 * from open to close, so that a second engine on the same directory (another process, or the same one) fails at
 * start instead of writing a second sequence 1 into the same queue. The operating system releases it when the
 * process dies, so a killed engine leaves nothing to clean up.
 */
public final class JournalLock implements AutoCloseable
{
    /** The lock file in the journal directory; its content is never used. */
    public static final String FILE_NAME = "journal.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(final FileChannel channel, final FileLock lock)
    {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a journal directory (which must exist).
     *
     * @throws JournalInUseException when another writer holds it.
     */
    public static JournalLock acquire(final Path directory)
    {
        final Path file = directory.resolve(FILE_NAME);
        final FileChannel channel;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open " + file, ex);
        }
        try
        {
            return new JournalLock(channel, lock(channel, directory));
        }
        catch (final RuntimeException ex)
        {
            try
            {
                channel.close();
            }
            catch (final IOException closeFailure)
            {
                ex.addSuppressed(closeFailure);
            }
            throw ex;
        }
    }

    private static FileLock lock(final FileChannel channel, final Path directory)
    {
        try
        {
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                throw new JournalInUseException(directory, "another process");
            }
            return lock;
        }
        catch (final OverlappingFileLockException ex)
        {
            throw new JournalInUseException(directory, "this process");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock " + directory.resolve(FILE_NAME), ex);
        }
    }

    /**
     * Whether a writer holds the lock of a journal directory right now (for operator tools that must not run beside
     * an engine). Takes the lock for a moment when it is free.
     */
    public static boolean isHeld(final Path directory)
    {
        try (JournalLock ignored = acquire(directory))
        {
            return false;
        }
        catch (final JournalInUseException ex)
        {
            return true;
        }
    }

    @Override
    public void close()
    {
        try (FileChannel closing = channel)
        {
            lock.release();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot release the journal lock", ex);
        }
    }

    /** Another writer holds the journal directory. */
    public static final class JournalInUseException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        JournalInUseException(final Path directory, final String holder)
        {
            super("journal " + directory + " is in use: " + holder + " has it open for writing (" + FILE_NAME +
                " is locked); stop that engine first");
        }
    }
}
