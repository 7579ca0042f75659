package dev.exengine.server;

import dev.exengine.gateway.stream.SessionId;
import dev.exengine.journal.JournalLock;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Sets a node's divergent journal tail aside, so that it can rejoin as a standby: what a former primary needs when its
 * journal holds records, from some sequence on, that the new primary never had. With the node stopped (the journal's
 * lock says so), the records before that sequence are copied into a new journal, record for record; the old journal,
 * the snapshots from that sequence on and the gateway's stored streams (derived from the divergent tail too) move into
 * {@code DATA/diverged-<UTC time>/}: archived, never deleted. The gateway keeps its session id and derives every
 * user's stream from the journal again at the next start.
 */
final class TailSetAside
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC);

    private TailSetAside()
    {
    }

    /**
     * @param from the first sequence to set aside: where the histories part.
     * @return the archive directory.
     * @throws IllegalArgumentException when the journal does not reach {@code from}.
     * @throws JournalLock.JournalInUseException when the node is running.
     */
    static Path setAside(final Path dataDirectory, final long from)
    {
        final Path journal = dataDirectory.resolve(DataDirectory.JOURNAL);
        if (!Files.isDirectory(journal))
        {
            throw new IllegalArgumentException("no journal in " + dataDirectory);
        }
        if (from < 1)
        {
            throw new IllegalArgumentException("the first sequence to set aside must be 1 or more, not " + from);
        }
        final Path archive = dataDirectory.resolve("diverged-" + STAMP.format(Instant.now()));
        final Path rebuilt = dataDirectory.resolve(DataDirectory.JOURNAL + ".rebuilt");
        try (JournalLock lock = JournalLock.acquire(journal))
        {
            final long end;
            try (JournalReader reader = JournalReader.openReadOnly(journal))
            {
                end = reader.lastSequence();
            }
            if (from > end)
            {
                throw new IllegalArgumentException("the journal in " + journal + " ends at " + end + ": nothing from " +
                    from + " on to set aside");
            }
            copyBefore(journal, rebuilt, from);
            Files.createDirectories(archive);
            DurableFiles.move(journal, archive.resolve(DataDirectory.JOURNAL));
            setAsideSnapshots(dataDirectory.resolve(DataDirectory.SNAPSHOTS), archive, from);
            setAsideStreams(dataDirectory.resolve(DataDirectory.GATEWAY), archive);
            DurableFiles.move(rebuilt, journal);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot set the journal's tail aside into " + archive, ex);
        }
        return archive;
    }

    private static void copyBefore(final Path journal, final Path rebuilt, final long from)
    {
        if (Files.exists(rebuilt))
        {
            throw new IllegalStateException(rebuilt + " exists (an interrupted set-aside?): move it away first");
        }
        try (JournalReader reader = JournalReader.openReadOnly(journal))
        {
            JournalCopy.copy(reader, rebuilt, from - 1, Duration.ZERO);
        }
    }

    private static void setAsideSnapshots(final Path snapshots, final Path archive, final long from) throws IOException
    {
        if (!Files.isDirectory(snapshots))
        {
            return;
        }
        final Path target = archive.resolve(DataDirectory.SNAPSHOTS);
        for (final SnapshotStore.SnapshotInfo snapshot : SnapshotStore.open(snapshots).list())
        {
            if (snapshot.journalSequence() >= from)
            {
                Files.createDirectories(target);
                DurableFiles.move(snapshot.path(), target.resolve(snapshot.path().getFileName()));
            }
        }
    }

    private static void setAsideStreams(final Path gateway, final Path archive) throws IOException
    {
        if (!Files.isDirectory(gateway))
        {
            return;
        }
        final String session = Files.exists(gateway.resolve(SessionId.FILE_NAME)) ? SessionId.read(gateway) : null;
        DurableFiles.move(gateway, archive.resolve(DataDirectory.GATEWAY));
        if (session != null)
        {
            Files.createDirectories(gateway);
            SessionId.replace(gateway, session);
        }
    }
}
