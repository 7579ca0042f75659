package dev.exengine.journal.snapshot;

import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A directory of snapshot files named {@code snapshot-<20-digit journal sequence>.snap}. Each file is a header
 * (little-endian) followed by the state bytes:
 * <pre>
 *   0 int   magic "SNAP"
 *   4 short format version
 *   6 long  journal sequence
 *  14 long  state hash
 *  22 long  body length
 *  30 int   CRC32C over header bytes [0, 30) and the body
 *  34 body
 * </pre>
 * A write is atomic: temporary file, force, rename, then fsync of the directory, so a crash leaves either the whole
 * new snapshot or none. Temporary files left by a crash are deleted when the store is opened. Thread-safe: an
 * engine's writer thread writes and prunes while its logic thread may load (a rebuild after a failed command). A
 * snapshot that another process deletes while this one reads it counts as damaged, not as an error.
 */
public final class SnapshotStore
{
    static final int MAGIC = 0x50414E53;
    static final short FORMAT_VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    static final int SEQUENCE_OFFSET = VERSION_OFFSET + Short.BYTES;
    static final int HASH_OFFSET = SEQUENCE_OFFSET + Long.BYTES;
    static final int LENGTH_OFFSET = HASH_OFFSET + Long.BYTES;
    static final int CRC_OFFSET = LENGTH_OFFSET + Long.BYTES;
    static final int HEADER_LENGTH = CRC_OFFSET + Integer.BYTES;

    /** What {@link #setAsideBeyond} appends to the name of a snapshot it takes out of use. */
    public static final String BEYOND_JOURNAL_SUFFIX = ".beyond-journal";

    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");

    private final Path directory;

    /** One snapshot file as found on disk; {@code valid} is false when it is damaged (see {@link SkippedSnapshot}). */
    public record SnapshotInfo(Path path, long journalSequence, long stateHash, long size, boolean valid)
    {
    }

    /** A snapshot that {@link #loadNewestValid()} passed over, and why. */
    public record SkippedSnapshot(Path path, String reason)
    {
    }

    /**
     * The outcome of {@link #loadNewestValid()}: the snapshot loaded, if any, its state bytes (empty when none) and
     * the newer snapshots skipped because they are damaged.
     */
    public record LoadResult(Optional<SnapshotInfo> snapshot, ByteBuffer state, List<SkippedSnapshot> skipped)
    {
    }

    private SnapshotStore(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Opens (creating if needed) a snapshot directory. Opening changes nothing on disk, so readers may open the
     * directory of a running engine; only the engine, which owns it, calls {@link #deleteIncompleteWrites()}.
     */
    public static SnapshotStore open(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return new SnapshotStore(directory);
    }

    /**
     * Deletes the temporary files of writes a crash interrupted. Only the directory's one writer may call this, and
     * only while it is not writing: another process's write in progress looks exactly like a crashed one.
     *
     * @return the deleted paths.
     */
    public synchronized List<Path> deleteIncompleteWrites()
    {
        final List<Path> deleted = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (file.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX))
                {
                    Files.delete(file);
                    deleted.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return deleted;
    }

    /**
     * Writes the state as of {@code journalSequence} atomically and durably; the buffer's remaining bytes are the
     * body and its position is left unchanged.
     *
     * @return the path of the new snapshot.
     */
    public synchronized Path write(final long journalSequence, final long stateHash, final ByteBuffer stateBytes)
    {
        final ByteBuffer body = stateBytes.duplicate();
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_OFFSET, MAGIC)
            .putShort(VERSION_OFFSET, FORMAT_VERSION)
            .putLong(SEQUENCE_OFFSET, journalSequence)
            .putLong(HASH_OFFSET, stateHash)
            .putLong(LENGTH_OFFSET, body.remaining());
        header.putInt(CRC_OFFSET, crc(header, body.duplicate()));

        final Path target = directory.resolve(fileName(journalSequence));
        DurableFiles.replace(target, header, body);
        return target;
    }

    /** The file a snapshot of this journal sequence is written to (whether or not it exists). */
    public Path path(final long journalSequence)
    {
        return directory.resolve(fileName(journalSequence));
    }

    /** Whether the directory holds any snapshot file, valid or not, without reading one. */
    public synchronized boolean hasSnapshots()
    {
        return !snapshotFiles().isEmpty();
    }

    /** All snapshots, oldest journal sequence first, each verified. */
    public synchronized List<SnapshotInfo> list()
    {
        final List<SnapshotInfo> result = new ArrayList<>();
        for (final Path path : snapshotFiles())
        {
            result.add(inspect(path).info);
        }
        return List.copyOf(result);
    }

    /** Loads the newest snapshot whose checksum verifies, reporting the newer ones it had to skip. */
    public LoadResult loadNewestValid()
    {
        return loadNewestValidAtOrBefore(Long.MAX_VALUE);
    }

    /**
     * Loads the newest snapshot covering at most {@code journalSequence} whose checksum verifies, reporting the
     * damaged ones it had to skip on the way (newer snapshots past the sequence are not looked at).
     */
    public synchronized LoadResult loadNewestValidAtOrBefore(final long journalSequence)
    {
        final List<Path> files = snapshotFiles();
        final List<SkippedSnapshot> skipped = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--)
        {
            if (sequenceInName(files.get(i)) > journalSequence)
            {
                continue;
            }
            final Inspection inspection = inspect(files.get(i));
            if (inspection.info.valid())
            {
                return new LoadResult(Optional.of(inspection.info), inspection.body, List.copyOf(skipped));
            }
            skipped.add(new SkippedSnapshot(files.get(i), inspection.problem));
        }
        return new LoadResult(Optional.empty(), ByteBuffer.allocate(0), List.copyOf(skipped));
    }

    /**
     * Deletes every snapshot except the newest {@code keepLast}.
     *
     * @return the deleted paths.
     */
    public synchronized List<Path> retain(final int keepLast)
    {
        if (keepLast < 1)
        {
            throw new IllegalArgumentException("keepLast must be at least 1: " + keepLast);
        }
        final List<Path> files = snapshotFiles();
        final List<Path> deleted = new ArrayList<>();
        try
        {
            for (int i = 0; i < files.size() - keepLast; i++)
            {
                Files.delete(files.get(i));
                deleted.add(files.get(i));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return List.copyOf(deleted);
    }

    /**
     * Renames every snapshot covering a journal sequence past {@code lastJournalSequence} to
     * {@code <name>}{@link #BEYOND_JOURNAL_SUFFIX}, so that it is never loaded: its state holds commands the journal no
     * longer has (a PROCESS-mode journal loses its unwritten pages in a power loss; the snapshot was forced), and the
     * journal will give their sequences to other commands. Kept for an operator to look at. Only the directory's one
     * writer may call this.
     *
     * @return the renamed snapshots, as they were named.
     */
    public synchronized List<Path> setAsideBeyond(final long lastJournalSequence)
    {
        final List<Path> setAside = new ArrayList<>();
        for (final Path file : snapshotFiles())
        {
            if (sequenceInName(file) > lastJournalSequence)
            {
                DurableFiles.move(file, file.resolveSibling(file.getFileName() + BEYOND_JOURNAL_SUFFIX));
                setAside.add(file);
            }
        }
        return List.copyOf(setAside);
    }

    static String fileName(final long journalSequence)
    {
        return String.format("snapshot-%020d.snap", journalSequence);
    }

    /** Snapshot files sorted by sequence; the zero-padded names make name order the sequence order. */
    private List<Path> snapshotFiles()
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(path -> NAME.matcher(path.getFileName().toString()).matches()).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static final class Inspection
    {
        private final SnapshotInfo info;
        private final ByteBuffer body;
        private final String problem;

        private Inspection(final SnapshotInfo info, final ByteBuffer body, final String problem)
        {
            this.info = info;
            this.body = body;
            this.problem = problem;
        }
    }

    private static long sequenceInName(final Path path)
    {
        final Matcher matcher = NAME.matcher(path.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static Inspection inspect(final Path path)
    {
        final long nameSequence = sequenceInName(path);
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(path);
        }
        catch (final NoSuchFileException ex)
        {
            return new Inspection(new SnapshotInfo(path, nameSequence, 0, 0, false), null,
                "deleted while it was being read");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final String problem = problem(file, nameSequence);
        final boolean valid = problem == null;
        final long hash = bytes.length >= HEADER_LENGTH ? file.getLong(HASH_OFFSET) : 0;
        final SnapshotInfo info = new SnapshotInfo(path, nameSequence, hash, bytes.length, valid);
        final ByteBuffer body = valid ? file.slice(HEADER_LENGTH, bytes.length - HEADER_LENGTH).asReadOnlyBuffer() : null;
        return new Inspection(info, body, problem);
    }

    /** @return why the snapshot cannot be used, or null when it verifies. */
    private static String problem(final ByteBuffer file, final long nameSequence)
    {
        if (file.capacity() < HEADER_LENGTH)
        {
            return "shorter than its header: " + file.capacity() + " bytes";
        }
        if (file.getInt(MAGIC_OFFSET) != MAGIC)
        {
            return "bad magic";
        }
        if (file.getShort(VERSION_OFFSET) != FORMAT_VERSION)
        {
            return "unsupported snapshot format version " + file.getShort(VERSION_OFFSET);
        }
        final long length = file.getLong(LENGTH_OFFSET);
        if (length != file.capacity() - HEADER_LENGTH)
        {
            return "body length " + length + " does not match file size " + file.capacity();
        }
        final ByteBuffer body = file.slice(HEADER_LENGTH, (int)length);
        if (crc(file, body) != file.getInt(CRC_OFFSET))
        {
            return "checksum mismatch";
        }
        if (file.getLong(SEQUENCE_OFFSET) != nameSequence)
        {
            return "journal sequence " + file.getLong(SEQUENCE_OFFSET) + " does not match file name";
        }
        return null;
    }

    private static int crc(final ByteBuffer header, final ByteBuffer body)
    {
        final CRC32C crc = new CRC32C();
        crc.update(header.duplicate().position(0).limit(CRC_OFFSET));
        crc.update(body.duplicate());
        return (int)crc.getValue();
    }
}
