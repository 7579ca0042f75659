package dev.exengine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The journal directories whose lock this process holds. */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(final Path key, final FileChannel channel, final FileLock lock)
    {
        this.key = key;
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
        final Path key = directory.toAbsolutePath().normalize();
        // This process's own locks are looked up here, never by opening the file again: closing any handle to a
        // file drops every lock the process holds on it (POSIX), which would free a running engine's journal.
        if (!HELD_HERE.add(key))
        {
            throw new JournalInUseException(directory, "this process");
        }
        final Path file = directory.resolve(FILE_NAME);
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                throw new JournalInUseException(directory, "another process");
            }
            return new JournalLock(key, channel, lock);
        }
        catch (final IOException ex)
        {
            throw afterFailure(key, channel, new UncheckedIOException("cannot lock " + file, ex));
        }
        catch (final RuntimeException | Error ex)
        {
            afterFailure(key, channel, ex);
            throw ex;
        }
    }

    private static <T extends Throwable> T afterFailure(final Path key, final FileChannel channel, final T failure)
    {
        try
        {
            if (channel != null)
            {
                channel.close();
            }
        }
        catch (final IOException closeFailure)
        {
            failure.addSuppressed(closeFailure);
        }
        finally
        {
            HELD_HERE.remove(key);
        }
        return failure;
    }

    /**
     * Whether a writer holds the lock of a journal directory right now. Takes the lock for a moment when it is free;
     * a tool that must not run beside an engine {@link #acquire}s it and holds it instead.
     */
    static boolean isHeld(final Path directory)
    {
        if (!Files.exists(directory.resolve(FILE_NAME)))
        {
            // Every writer creates it; a look must not.
            return false;
        }
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
        finally
        {
            HELD_HERE.remove(key);
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
