package dev.exengine.server;

import dev.exengine.gateway.stream.OutboundStore;
import dev.exengine.gateway.stream.SessionArchive;
import dev.exengine.gateway.stream.SessionId;
import dev.exengine.gateway.stream.StoredMessages;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.SkippedCommands;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.DurableFiles;
import dev.exengine.storage.SequenceMark;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A backup of a node's data directory, taken while the node runs (or not), from another process on the same machine:
 * consistent to one journal sequence S across the journal, the snapshots and the gateway's stored streams, so that a
 * node started on the copy recovers exactly the state the original had at S and serves every client the stream it
 * was served up to S.
 *
 * <ul>
 *   <li>the snapshots are copied first (they are written whole and renamed, so a listed one is complete): a busy
 *       node takes new ones and retires old ones as it goes (it keeps {@code snapshot.keep}), and listed after the
 *       journal's copy, every snapshot up to S could be gone already, leaving a backup that replays from the start;</li>
 *   <li>S is the journal's last record once they are copied; records 1..S are copied record for record into a new
 *       journal ({@link JournalCopy}), which holds only what is written; a snapshot copied of a sequence after S
 *       (one the journal did not hold yet) is removed from the copy;</li>
 *   <li>each user's stream is copied message by message up to the first message of a command after S (the gateway
 *       may store a command's replies before the journal has it on a pipelined node, and a running node goes on
 *       after S); the copy's routed-through mark is the original's, read before the streams, and at most S, so the
 *       restored node's start derives from the journal whatever of S a stream lacks, exactly once;</li>
 *   <li>the gateway's session id and archived sessions are copied (sparse-aware: {@link SparseFiles}); the
 *       market-data feed is not: it is a function of the journal, and the restored node's start derives it.</li>
 * </ul>
 * Everything is read without changing the original (read-only queues, the mark read as a file), written into
 * {@code DIR.partial}, forced to the device and renamed to {@code DIR} last, with a {@value #MANIFEST} saying what it
 * holds: a {@code DIR} exists only complete. The journal must start at sequence 1 (not pruned).
 */
final class OnlineBackup
{
    static final String MANIFEST = "backup.properties";
    private static final Duration JOURNAL_PATIENCE = Duration.ofSeconds(10);
    private static final int MAX_MESSAGE = 64 << 10;

    /** What a backup holds. */
    record Result(Path directory, long journalSequence, int snapshots, int streams, long streamMessages,
        long routedThrough)
    {
    }

    private OnlineBackup()
    {
    }

    /**
     * @throws IllegalArgumentException when the data directory has no journal, or {@code to} (or its partial
     *                                  directory) exists already.
     * @throws UncheckedIOException     when a file cannot be read or written; the partial directory stays for a look.
     */
    static Result take(final Path data, final Path to)
    {
        final Path journal = data.resolve(DataDirectory.JOURNAL);
        if (!Files.isDirectory(journal))
        {
            throw new IllegalArgumentException("no journal in " + data + ": is it a node's data directory?");
        }
        final Path partial = to.resolveSibling(to.getFileName() + ".partial");
        for (final Path target : new Path[] {to, partial})
        {
            if (Files.exists(target))
            {
                throw new IllegalArgumentException(target + " exists: a backup goes into a new directory");
            }
        }
        try
        {
            Files.createDirectories(partial);
            final Path gateway = data.resolve(DataDirectory.GATEWAY);
            final long markBefore = SequenceMark.read(gateway.resolve(DataDirectory.ROUTED_THROUGH)).orElse(0);
            final List<SnapshotStore.SnapshotInfo> copiedSnapshots =
                copySnapshots(data.resolve(DataDirectory.SNAPSHOTS), partial.resolve(DataDirectory.SNAPSHOTS));
            final long sequence = copyJournal(journal, partial.resolve(DataDirectory.JOURNAL));
            final int snapshots = keepSnapshotsUpTo(copiedSnapshots, partial.resolve(DataDirectory.SNAPSHOTS),
                sequence);
            final long routedThrough = Math.min(markBefore, sequence);
            final long[] messages = {0};
            final int streams = copyGateway(gateway, partial.resolve(DataDirectory.GATEWAY), sequence, routedThrough,
                messages);
            final Result result = new Result(to, sequence, snapshots, streams, messages[0], routedThrough);
            writeManifest(partial, data, result);
            forceAll(partial);
            DurableFiles.move(partial, to);
            return result;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot back " + data + " up into " + partial + ": " + OsReason.of(ex), ex);
        }
    }

    private static long copyJournal(final Path journal, final Path target) throws IOException
    {
        final long sequence;
        try (JournalReader reader = JournalReader.openReadOnly(journal))
        {
            sequence = JournalCopy.copy(reader, target, reader.lastSequence(), JOURNAL_PATIENCE);
        }
        final Path skipped = journal.resolve(SkippedCommands.FILE_NAME);
        if (Files.exists(skipped))
        {
            Files.copy(skipped, target.resolve(SkippedCommands.FILE_NAME));
        }
        return sequence;
    }

    /** @return the snapshots copied, as they were listed. */
    private static List<SnapshotStore.SnapshotInfo> copySnapshots(final Path snapshots, final Path target)
        throws IOException
    {
        final List<SnapshotStore.SnapshotInfo> copied = new ArrayList<>();
        if (!Files.isDirectory(snapshots))
        {
            return copied;
        }
        Files.createDirectories(target);
        for (final SnapshotStore.SnapshotInfo snapshot : SnapshotStore.open(snapshots).list())
        {
            if (snapshot.valid())
            {
                try
                {
                    SparseFiles.copy(snapshot.path(), target.resolve(snapshot.path().getFileName()));
                    copied.add(snapshot);
                }
                catch (final NoSuchFileException retired)
                {
                    // The node's retention removed it since the listing: a newer one is there.
                }
            }
        }
        return copied;
    }

    /** Removes from the copy the snapshots of a sequence after the journal's copy ends. @return how many are left. */
    private static int keepSnapshotsUpTo(
        final List<SnapshotStore.SnapshotInfo> copied, final Path target, final long sequence) throws IOException
    {
        int kept = 0;
        for (final SnapshotStore.SnapshotInfo snapshot : copied)
        {
            if (snapshot.journalSequence() <= sequence)
            {
                kept++;
            }
            else
            {
                Files.delete(target.resolve(snapshot.path().getFileName()));
            }
        }
        return kept;
    }

    private static int copyGateway(
        final Path gateway, final Path target, final long sequence, final long routedThrough, final long[] messages)
        throws IOException
    {
        if (!Files.isDirectory(gateway))
        {
            return 0;
        }
        Files.createDirectories(target);
        final Path sessionId = gateway.resolve(SessionId.FILE_NAME);
        if (Files.exists(sessionId))
        {
            Files.copy(sessionId, target.resolve(SessionId.FILE_NAME));
        }
        int streams = 0;
        final Path users = gateway.resolve(SessionArchive.USERS);
        if (Files.isDirectory(users))
        {
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_MESSAGE));
            for (final Path user : list(users))
            {
                messages[0] += copyStream(user, target.resolve(SessionArchive.USERS).resolve(user.getFileName()),
                    sequence, message);
                streams++;
            }
        }
        final Path sessions = gateway.resolve(SessionArchive.SESSIONS);
        if (Files.isDirectory(sessions))
        {
            copyTree(sessions, target.resolve(SessionArchive.SESSIONS));
        }
        try (SequenceMark mark = SequenceMark.open(target.resolve(DataDirectory.ROUTED_THROUGH)))
        {
            mark.set(routedThrough);
        }
        return streams;
    }

    /** A user's stream up to the first message of a command after {@code sequence}. @return the messages copied. */
    private static long copyStream(final Path from, final Path to, final long sequence, final UnsafeBuffer message)
        throws IOException
    {
        Files.createDirectories(to);
        if (list(from).stream().noneMatch(file -> file.getFileName().toString().endsWith(".cq4")))
        {
            return 0;
        }
        long copied = 0;
        try (OutboundStore source = OutboundStore.openReadOnly(from);
             OutboundStore copy = OutboundStore.open(to);
             OutboundStore.Cursor cursor = source.cursor())
        {
            if (cursor.seek(1))
            {
                int length;
                while ((length = cursor.read(message, 0, message.capacity())) >= 0 &&
                    StoredMessages.journalSequence(message, length) <= sequence)
                {
                    copy.append(message, 0, length);
                    copied++;
                }
            }
        }
        return copied;
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(from))
        {
            paths = walk.toList();
        }
        for (final Path path : paths)
        {
            final Path target = to.resolve(from.relativize(path).toString());
            if (Files.isDirectory(path))
            {
                Files.createDirectories(target);
            }
            else
            {
                SparseFiles.copy(path, target);
            }
        }
    }

    private static void writeManifest(final Path partial, final Path data, final Result result)
    {
        final String manifest = String.join("\n",
            "# An online backup of an exengine node (README, \"Backups\"): a node started on it restores it.",
            "journal.sequence = " + result.journalSequence(),
            "taken = " + Instant.now(),
            "source = " + data.toAbsolutePath(),
            "snapshots = " + result.snapshots(),
            "streams = " + result.streams(),
            "stream.messages = " + result.streamMessages(),
            "routed-through = " + result.routedThrough(),
            "# The market-data feed is not copied: the restored node's start derives it from the journal.",
            "");
        DurableFiles.replace(partial.resolve(MANIFEST), ByteBuffer.wrap(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every file and directory of the backup on the device before it takes its name. */
    private static void forceAll(final Path root) throws IOException
    {
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(root))
        {
            paths = walk.toList();
        }
        for (final Path path : paths)
        {
            DurableFiles.force(path);
        }
    }

    private static List<Path> list(final Path directory) throws IOException
    {
        final List<Path> entries = new ArrayList<>();
        try (Stream<Path> listed = Files.list(directory))
        {
            listed.sorted().forEach(entries::add);
        }
        return entries;
    }
}
