package dev.exengine.cluster;

import dev.exengine.storage.DataDirectory;
import dev.exengine.storage.DurableFiles;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A member's data directory, {@code DATA/member-ID}, and the identity that binds it to one member of one cluster:
 * <pre>
 *   member.properties      which cluster and member this directory belongs to, written at its first start
 *   journal/ snapshots/    the commands this member applied and its snapshots, in the project's formats
 *   gateway/               the member's gateway: session id, users' streams, routed-through mark
 *   delivered-through      the log position through which the member's events have left
 *   aeron/cluster/         Aeron's consensus state (recording log, node state, mark files)
 *   aeron/archive/         Aeron's archive: the cluster's log and snapshots as this member recorded them
 * </pre>
 * A start is refused, before anything is changed, on a directory that belongs to another member or cluster, on one that
 * holds a single node's data, or whose identity cannot be read: a member started on the wrong directory would either
 * corrupt it or feed another history into the cluster.
 */
public final class MemberDirectory
{
    public static final String IDENTITY = "member.properties";
    public static final String DELIVERED_THROUGH = "delivered-through";
    private static final String AERON = "aeron";
    private static final int FORMAT = 1;

    private final Path path;

    private MemberDirectory(final Path path)
    {
        this.path = path;
    }

    /** The directory of a member under a data directory. */
    public static Path of(final Path dataDirectory, final int memberId)
    {
        return dataDirectory.resolve("member-" + memberId);
    }

    /**
     * Opens the member's directory, checking whose it is, or creates it with this member's identity.
     *
     * @throws MemberRefusedException when it belongs to another member or cluster, holds a single node's data or
     *                                something else, or its identity is damaged; nothing was changed then.
     */
    public static MemberDirectory open(final Path path, final String clusterName, final int memberId)
    {
        final Path identity = path.resolve(IDENTITY);
        if (Files.exists(identity))
        {
            check(identity, clusterName, memberId);
        }
        else
        {
            refuseOccupied(path);
            write(path, identity, clusterName, memberId);
        }
        return new MemberDirectory(path);
    }

    public Path path()
    {
        return path;
    }

    public Path clusterDirectory()
    {
        return path.resolve(AERON).resolve("cluster");
    }

    public Path archiveDirectory()
    {
        return path.resolve(AERON).resolve("archive");
    }

    public Path journalDirectory()
    {
        return path.resolve(DataDirectory.JOURNAL);
    }

    public Path snapshotDirectory()
    {
        return path.resolve(DataDirectory.SNAPSHOTS);
    }

    public Path gatewayDirectory()
    {
        return path.resolve(DataDirectory.GATEWAY);
    }

    public Path deliveredThrough()
    {
        return path.resolve(DELIVERED_THROUGH);
    }

    private static void check(final Path identity, final String clusterName, final int memberId)
    {
        final Properties properties = new Properties();
        try
        {
            properties.load(new StringReader(Files.readString(identity, StandardCharsets.UTF_8)));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new MemberRefusedException("cannot read " + identity + ": " + ex.getMessage() + ". The member's " +
                "data directory is damaged: restore it, or replace the member (README, \"Running a cluster\")", ex);
        }
        final String name = properties.getProperty("cluster.name");
        final String member = properties.getProperty("cluster.member-id");
        final String format = properties.getProperty("format");
        if (name == null || member == null || !String.valueOf(FORMAT).equals(format))
        {
            throw new MemberRefusedException(identity + " does not say which cluster and member it belongs to (" +
                "cluster.name, cluster.member-id and format " + FORMAT + " expected): the member's data directory is " +
                "damaged or not a member's: restore it, or replace the member (README, \"Running a cluster\")");
        }
        if (!name.equals(clusterName) || !member.equals(String.valueOf(memberId)))
        {
            throw new MemberRefusedException("the data directory " + identity.getParent() + " belongs to member " +
                member + " of cluster '" + name + "', not to member " + memberId + " of cluster '" + clusterName +
                "': check --data and --member (a member's directory is DATA/member-ID)");
        }
    }

    /** A directory without an identity must hold nothing yet: not a single node's data, not anything else. */
    private static void refuseOccupied(final Path path)
    {
        if (!Files.isDirectory(path))
        {
            if (Files.exists(path))
            {
                throw new MemberRefusedException(path + " is not a directory");
            }
            return;
        }
        if (Files.exists(path.resolve(DataDirectory.JOURNAL)))
        {
            throw new MemberRefusedException(path + " holds a journal but no " + IDENTITY + ": it is a single " +
                "node's data directory (or a member's that lost its identity), and a member does not take one over. " +
                "Start the member on an empty directory: it catches up from the cluster");
        }
        try (Stream<Path> entries = Files.list(path))
        {
            if (entries.findAny().isPresent())
            {
                throw new MemberRefusedException(path + " is not empty and has no " + IDENTITY + ": it is not a " +
                    "cluster member's data directory");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + path, ex);
        }
    }

    private static void write(final Path path, final Path identity, final String clusterName, final int memberId)
    {
        final String text = "# Which cluster member this data directory belongs to; written at its first start.\n" +
            "format=" + FORMAT + "\ncluster.name=" + clusterName + "\ncluster.member-id=" + memberId + "\n";
        try
        {
            Files.createDirectories(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + path, ex);
        }
        DurableFiles.replace(identity, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
