package dev.exengine.tool;

import dev.exengine.journal.JournalInfo;
import dev.exengine.storage.DataDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a command finds the journal and the snapshots: {@code DIR/journal} and {@code DIR/snapshots} of an engine
 * data directory, or {@code DIR} itself when it holds the queue files (its sibling {@code snapshots} then, if any).
 * The server's gateway keeps its data beside them, in {@code gateway}. Never creates anything: the readers
 * underneath would create a missing directory, which would hide a typo.
 *
 * @param snapshots      the snapshot directory to read, when there is one.
 * @param snapshotTarget the snapshot directory a command that writes snapshots uses, whether it exists yet or not.
 * @param gateway        the gateway data directory of a server with this journal (bin/engine), whether it exists
 *                       or not.
 */
record JournalLocation(Path journal, Optional<Path> snapshots, Path snapshotTarget, Path gateway)
{
    /** A journal file changed more recently than this means an engine seems to be running. */
    static final int ACTIVE_SECONDS = 10;
    private static final String CYCLE_FILE_SUFFIX = ".cq4";
    private static final String METADATA_FILE = "journal.meta";

    static JournalLocation resolve(final Path dir, final Path snapshotsOverride)
    {
        if (!Files.exists(dir))
        {
            throw new ToolException(ExitCodes.IO, "directory " + dir + " does not exist: pass the engine's data " +
                "directory (the one holding journal/ and snapshots/) or a journal directory");
        }
        if (!Files.isDirectory(dir))
        {
            throw new ToolException(ExitCodes.IO, dir + " is a file, not a directory: pass the engine's data " +
                "directory (the one holding journal/ and snapshots/) or a journal directory");
        }
        if (!Files.isReadable(dir))
        {
            throw new ToolException(ExitCodes.IO, "cannot read " + dir + ": permission denied; run as the engine's user");
        }
        final Path journal;
        final Path snapshots;
        final Path gateway;
        if (Files.isDirectory(dir.resolve(DataDirectory.JOURNAL)))
        {
            journal = dir.resolve(DataDirectory.JOURNAL);
            snapshots = dir.resolve(DataDirectory.SNAPSHOTS);
            gateway = dir.resolve(DataDirectory.GATEWAY);
        }
        else if (holdsJournal(dir))
        {
            journal = dir;
            snapshots = dir.toAbsolutePath().resolveSibling(DataDirectory.SNAPSHOTS);
            gateway = dir.toAbsolutePath().resolveSibling(DataDirectory.GATEWAY);
        }
        else
        {
            throw new ToolException(ExitCodes.IO, dir + " is not a journal: it holds neither a journal/ directory " +
                "nor *.cq4 queue files; pass the engine's data directory (--data of bin/engine)");
        }
        if (snapshotsOverride != null)
        {
            if (!Files.isDirectory(snapshotsOverride))
            {
                throw new ToolException(ExitCodes.IO, "snapshot directory " + snapshotsOverride + " does not exist");
            }
            return new JournalLocation(journal, Optional.of(snapshotsOverride), snapshotsOverride, gateway);
        }
        return new JournalLocation(journal, Files.isDirectory(snapshots) ? Optional.of(snapshots) : Optional.empty(),
            snapshots, gateway);
    }

    /**
     * Refuses (exit {@link ExitCodes#IO}) when a journal file changed in the last {@link #ACTIVE_SECONDS} seconds: an
     * engine seems to be running, and a command that writes next to its journal must not race it.
     *
     * @param why what the running engine would clash with, for the message.
     */
    void refuseWhileEngineActive(final String why)
    {
        final long now = System.currentTimeMillis();
        for (final JournalInfo.CycleFile file : JournalInfo.cycleFiles(journal))
        {
            final long ageMillis;
            try
            {
                ageMillis = now - Files.getLastModifiedTime(file.path()).toMillis();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            if (ageMillis < ACTIVE_SECONDS * 1000L)
            {
                throw new ToolException(ExitCodes.IO, "journal file " + file.path() + " was written " +
                    ageMillis / 1000 + " s ago: an engine seems to be running. Stop the engine first (" + why +
                    "), or pass --force if you are sure none is");
            }
        }
    }

    private static boolean holdsJournal(final Path dir)
    {
        if (Files.exists(dir.resolve(METADATA_FILE)))
        {
            return true;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.anyMatch(path -> path.getFileName().toString().endsWith(CYCLE_FILE_SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
