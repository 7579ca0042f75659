package dev.exengine.tool;

import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Snapshot directories as the tool sees them: read freely (opening one changes nothing on disk), written only when
 * no snapshot write is under way.
 */
final class Snapshots
{

    private Snapshots()
    {
    }

    static List<SnapshotStore.SnapshotInfo> list(final Optional<Path> directory)
    {
        return directory.map(dir -> open(dir).list()).orElse(List.of());
    }

    static SnapshotStore open(final Path directory)
    {
        return SnapshotStore.open(directory);
    }

    static void refuseWhileWriting(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return;
        }
        try (Stream<Path> files = Files.list(directory))
        {
            final Optional<Path> temp = files.filter(p -> p.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX)).findFirst();
            if (temp.isPresent())
            {
                throw new ToolException(ExitCodes.IO, "a snapshot is being written right now (" + temp.get() +
                    "); retry in a few seconds. If no engine is running, it is left over from a crash: delete it");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static String hex(final long hash)
    {
        return String.format("%016x", hash);
    }
}
