package dev.exengine.gateway.stream;

import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Ends the SoupBinTCP session of a gateway data directory: its id ({@link SessionId#FILE_NAME}) and its users'
 * outbound stores ({@link #USERS}) move into {@code sessions/<id>/}, so that the next {@link SessionId#loadOrCreate}
 * starts a new session whose streams begin at 1 again. This is how the stores stop growing: an operator starts a new
 * session (daily, say) and deletes archived ones once no client will ask for their messages. The routed-through mark
 * stays: it counts journal sequences, not session messages.
 *
 * <p>Crash-safe: the id moves first, then the stores, each by a rename whose directory is forced. A process that dies
 * between the two leaves an archived id whose stores are still in place; {@link #finishInterrupted} completes the
 * move, and must run before the session id is read. One that dies before the first leaves an empty archive
 * directory, which the next archive of that session uses.
 */
public final class SessionArchive
{
    /** The directory of archived sessions in the data directory. */
    public static final String SESSIONS = "sessions";
    /** The directory of the current session's outbound stores, one directory per user. */
    public static final String USERS = "users";

    private SessionArchive()
    {
    }

    /**
     * Moves the current session's id and stores into {@code sessions/<id>/}. Every store must be closed.
     *
     * @return the archive directory.
     * @throws IllegalStateException when the data directory has no session id, or the archive directory exists.
     */
    public static Path archive(final Path dataDirectory)
    {
        final Path idFile = dataDirectory.resolve(SessionId.FILE_NAME);
        if (!Files.exists(idFile))
        {
            throw new IllegalStateException(dataDirectory + " has no session to archive (no " + SessionId.FILE_NAME +
                ")");
        }
        final String id = SessionId.read(dataDirectory);
        final Path target = dataDirectory.resolve(SESSIONS).resolve(id);
        // An empty one is what a crash between creating it and the first move leaves: go on with it.
        if (Files.exists(target) && !isEmptyDirectory(target))
        {
            throw new IllegalStateException("session " + id + " is archived already: " + target + " exists");
        }
        try
        {
            Files.createDirectories(target);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + target + " to archive session " + id, ex);
        }
        DurableFiles.force(target.getParent());
        DurableFiles.move(idFile, target.resolve(SessionId.FILE_NAME));
        if (Files.exists(dataDirectory.resolve(USERS)))
        {
            DurableFiles.move(dataDirectory.resolve(USERS), target.resolve(USERS));
        }
        return target;
    }

    /**
     * Completes an archive that a crash interrupted between its two moves: when the data directory has stores but no
     * session id, and an archived session has its id but no stores, the stores are that session's.
     *
     * @return the archive directory the stores moved to, or null when nothing was interrupted.
     * @throws IllegalStateException when more than one archived session lacks its stores (the directory was edited
     *                               by hand: an operator must decide).
     */
    public static Path finishInterrupted(final Path dataDirectory)
    {
        final Path users = dataDirectory.resolve(USERS);
        final Path sessions = dataDirectory.resolve(SESSIONS);
        if (Files.exists(dataDirectory.resolve(SessionId.FILE_NAME)) || !Files.isDirectory(users) ||
            !Files.isDirectory(sessions))
        {
            return null;
        }
        final List<Path> withoutStores = new ArrayList<>();
        try (Stream<Path> archived = Files.list(sessions))
        {
            archived.filter(session -> Files.exists(session.resolve(SessionId.FILE_NAME)) &&
                !Files.exists(session.resolve(USERS))).forEach(withoutStores::add);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + sessions, ex);
        }
        if (withoutStores.isEmpty())
        {
            return null;
        }
        if (withoutStores.size() > 1)
        {
            throw new IllegalStateException(users + " has no session id, and several archived sessions lack their " +
                "stores: " + withoutStores + "; move the stores where they belong, or the id back, by hand");
        }
        final Path target = withoutStores.get(0);
        DurableFiles.move(users, target.resolve(USERS));
        return target;
    }

    private static boolean isEmptyDirectory(final Path directory)
    {
        try (Stream<Path> entries = Files.list(directory))
        {
            return entries.findAny().isEmpty();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + directory, ex);
        }
    }
}
