package dev.exengine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small files that must survive a crash and a power loss whole: {@link #replace} leaves either the old content or
 * the new, never a mix or an empty file. For Linux file systems, which support forcing a directory.
 */
public final class DurableFiles
{
    /** The suffix of the temporary sibling {@link #replace} writes first; a crash may leave one behind. */
    public static final String TEMP_SUFFIX = ".tmp";

    private DurableFiles()
    {
    }

    /**
     * Writes the content to {@code file + TEMP_SUFFIX}, forces it to the device, renames it over {@code file}
     * atomically and forces the directory, so that the rename itself is durable when this returns.
     *
     * @param content written in order, each from its position to its limit (the positions move).
     * @throws UncheckedIOException when any step fails; {@code file} then still holds its old content, if any.
     */
    public static void replace(final Path file, final ByteBuffer... content)
    {
        final Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                for (final ByteBuffer part : content)
                {
                    while (part.hasRemaining())
                    {
                        channel.write(part);
                    }
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        force(file.toAbsolutePath().getParent());
    }

    /**
     * Renames {@code from} to {@code to} atomically (a file or a directory, on one file system) and forces the
     * directories of both, so that the rename is durable when this returns.
     *
     * @throws UncheckedIOException when the rename or a force fails.
     */
    public static void move(final Path from, final Path to)
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot move " + from + " to " + to, ex);
        }
        forceDirectories(from, to);
    }

    /**
     * Moves a file durably, also to another file system (an archive on another disk), where a rename cannot: there
     * it copies the file to {@code to + TEMP_SUFFIX}, forces the copy, renames it to {@code to}, forces the target
     * directory, and only then deletes {@code from}. A crash leaves {@code from} in place, with at most a stray
     * temporary copy or a complete second copy beside it, never a file lost or a partial {@code to}. An existing
     * {@code to} is replaced.
     *
     * @throws UncheckedIOException when a step fails.
     */
    public static void moveFile(final Path from, final Path to)
    {
        try
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            copyThenDelete(from, to);
            return;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot move " + from + " to " + to, ex);
        }
        forceDirectories(from, to);
    }

    /** The part of {@link #moveFile} for another file system; on its own for tests, which have one. */
    static void copyThenDelete(final Path from, final Path to)
    {
        final Path temp = to.resolveSibling(to.getFileName() + TEMP_SUFFIX);
        try
        {
            Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
            force(temp);
            Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(to.toAbsolutePath().getParent());
            Files.delete(from);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot move " + from + " to " + to + " by copying it", ex);
        }
        force(from.toAbsolutePath().getParent());
    }

    private static void forceDirectories(final Path from, final Path to)
    {
        final Path target = to.toAbsolutePath().getParent();
        final Path source = from.toAbsolutePath().getParent();
        force(target);
        if (!source.equals(target))
        {
            force(source);
        }
    }

    /** Forces a file, or a directory's entries, to the device (a directory is opened for reading). */
    public static void force(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot force " + path + " to the device", ex);
        }
    }
}
