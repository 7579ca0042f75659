package dev.exengine.journal;

import dev.exengine.storage.UnfinishedCycleFiles;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A journal taken for writing and not yet changed: its lock is held, its format checked and its end known ({@link
 * JournalEnd}), and nothing on disk has changed, so that whoever opens it (the engine's start) can decide everything
 * against that end (which snapshots it can use, what it replays) before {@link #open} makes the first change. A
 * start that refuses {@link #close}s it instead and leaves the directory as it found it.
 */
public final class LockedJournal implements AutoCloseable
{
    private final Path directory;
    private final JournalLock lock;
    private final Optional<JournalMetadata> metadata;
    private final JournalEnd end;
    private boolean handedOver;

    private LockedJournal(
        final Path directory, final JournalLock lock, final Optional<JournalMetadata> metadata, final JournalEnd end)
    {
        this.directory = directory;
        this.lock = lock;
        this.metadata = metadata;
        this.end = end;
    }

    /**
     * Takes the journal in {@code directory} (created when missing, with its lock file) and finds its end.
     *
     * @throws JournalLock.JournalInUseException  when another writer has the journal open.
     * @throws UnsupportedJournalVersionException when the journal was written in a newer format.
     * @throws JournalDamagedException            when a cycle file is damaged beyond a torn or lost tail.
     */
    public static LockedJournal lock(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final JournalLock lock = JournalLock.acquire(directory);
        try
        {
            setAsideUnfinishedCycleFiles(directory);
            final Optional<JournalMetadata> metadata = JournalMetadata.readSupported(directory);
            return new LockedJournal(directory, lock, metadata, JournalEnd.readLocked(directory));
        }
        catch (final RuntimeException ex)
        {
            try
            {
                lock.close();
            }
            catch (final RuntimeException closeFailure)
            {
                ex.addSuppressed(closeFailure);
            }
            throw ex;
        }
    }

    /**
     * The one change made before the start decides: a cycle file that a writer killed as it rolled to it left without
     * Chronicle's header holds no record, but Chronicle would wait on it and then refuse the journal as damaged. It is
     * renamed out of Chronicle's sight ({@link UnfinishedCycleFiles}), and Chronicle's listing of the cycle files no
     * longer counts it.
     */
    private static void setAsideUnfinishedCycleFiles(final Path directory)
    {
        if (!UnfinishedCycleFiles.setAside(directory).isEmpty())
        {
            JournalQueues.refreshDirectoryListing(directory);
        }
    }

    /** Where the journal ends, and what lies past the end that {@link #open} will set aside. */
    public JournalEnd end()
    {
        return end;
    }

    /** Opens the writer on the system clock ({@link #open(DurabilityMode, TimeProvider)}). */
    public CommandJournal open(final DurabilityMode mode)
    {
        return open(mode, SystemTimeProvider.INSTANCE);
    }

    /**
     * Opens the writer, which continues after the end found at {@link #lock}, first setting aside a lost tail ({@link
     * JournalEnd#lostTail()}: see {@link TailRepair}). The writer takes over the lock; when this fails, {@link #close}
     * still releases it.
     *
     * @param timeProvider decides which daily cycle file a record goes to; tests inject a fixed clock.
     */
    public CommandJournal open(final DurabilityMode mode, final TimeProvider timeProvider)
    {
        if (handedOver)
        {
            throw new IllegalStateException("journal " + directory + " is open already");
        }
        TailRepair.deleteScratch(directory);
        final List<Path> setAside = end.lostTail().map(lost -> TailRepair.repair(directory, lost)).orElse(List.of());
        final SingleChronicleQueue queue = JournalQueues.open(directory, timeProvider);
        try
        {
            JournalMetadata.writeIfChanged(directory, metadata, mode);
            final CommandJournal journal = new CommandJournal(directory, mode, lock, queue, end, setAside);
            handedOver = true;
            return journal;
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /** Releases the lock unless {@link #open} handed it to the writer. */
    @Override
    public void close()
    {
        if (!handedOver)
        {
            handedOver = true;
            lock.close();
        }
    }
}
