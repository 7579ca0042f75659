package dev.exengine.cluster;

import io.aeron.CncFileDescriptor;
import io.aeron.archive.ArchiveMarkFile;
import io.aeron.cluster.service.ClusterMarkFile;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemEpochClock;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * The marks a member's Aeron stack leaves when its process is killed (kill -9, a crash, a power cut): the media
 * driver's {@code cnc.dat}, and the consensus module's, the service's and the archive's mark files. Aeron refuses to
 * start over a mark whose heartbeat is younger than its liveness timeout (10 s), since another process might still be
 * running the member; a member restarted at once after a kill would wait that long.
 *
 * <p>Every mark names the process that wrote it. One whose process no longer exists on this machine is stale and is
 * removed here, before the launch, so that the member starts at once: the driver's directory (which holds nothing
 * durable: its buffers and counters) as a whole, a mark file alone (the consensus state and the archive beside it are
 * untouched). A mark whose process still runs, or that cannot be read, is left for Aeron's own check, which refuses
 * a running member and waits out a recently ended one as before.
 */
final class StaleMarks
{
    private static final System.Logger LOG = System.getLogger(StaleMarks.class.getName());

    private StaleMarks()
    {
    }

    /**
     * Removes the marks of the member's processes that are gone.
     *
     * @param aeronDirectory the member's media driver directory.
     * @param directory      the member's data directory (its cluster and archive directories).
     * @param isRunning      whether a process id is a running process (on this machine).
     * @return what was removed, each with the process that left it.
     */
    static List<String> clear(final File aeronDirectory, final MemberDirectory directory, final LongPredicate isRunning)
    {
        final List<String> removed = new ArrayList<>();
        final Consumer<String> quiet = message -> { };
        final File cnc = new File(aeronDirectory, CncFileDescriptor.CNC_FILE);
        final long driverPid = driverPid(cnc);
        if (driverPid > 0 && !isRunning.test(driverPid))
        {
            IoUtil.delete(aeronDirectory, false);
            removed.add(aeronDirectory + " (media driver of process " + driverPid + ")");
        }
        final File cluster = directory.clusterDirectory().toFile();
        for (final String name : List.of(ClusterMarkFile.FILENAME, ClusterMarkFile.markFilenameForService(0)))
        {
            final File file = new File(cluster, name);
            if (file.isFile())
            {
                removeIfGone(file, markPid(() ->
                {
                    try (ClusterMarkFile mark = new ClusterMarkFile(cluster, name, SystemEpochClock.INSTANCE, 0, quiet))
                    {
                        return mark.decoder().pid();
                    }
                }), isRunning, removed);
            }
        }
        final File archive = directory.archiveDirectory().toFile();
        final File archiveMark = new File(archive, ArchiveMarkFile.FILENAME);
        if (archiveMark.isFile())
        {
            removeIfGone(archiveMark, markPid(() ->
            {
                try (ArchiveMarkFile mark = new ArchiveMarkFile(archive, ArchiveMarkFile.FILENAME,
                    SystemEpochClock.INSTANCE, 0, quiet))
                {
                    return mark.decoder().pid();
                }
            }), isRunning, removed);
        }
        for (final String mark : removed)
        {
            LOG.log(System.Logger.Level.WARNING, "removed a mark left by a process that is gone (killed, or crashed): " +
                mark);
        }
        return removed;
    }

    /** @return whether a process of this id runs on this machine. */
    static boolean isRunning(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void removeIfGone(final File file, final long pid, final LongPredicate isRunning,
        final List<String> removed)
    {
        if (pid > 0 && !isRunning.test(pid))
        {
            try
            {
                Files.delete(file.toPath());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot remove " + file + ", left by process " + pid + " (gone)", ex);
            }
            removed.add(file + " (process " + pid + ")");
        }
    }

    /** @return the driver's process id from its CnC file, or 0 when there is none or it is not (yet) complete. */
    private static long driverPid(final File cnc)
    {
        if (!cnc.isFile() || cnc.length() <= CncFileDescriptor.META_DATA_LENGTH)
        {
            return 0;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc, "CnC file");
        try
        {
            final var metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            if (metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0)) != CncFileDescriptor.CNC_VERSION)
            {
                return 0;
            }
            return metaData.getLong(CncFileDescriptor.pidOffset(0));
        }
        finally
        {
            BufferUtil.free(mapped);
        }
    }

    /** @return the mark's process id, or 0 when it cannot be read (cut short, another version): Aeron then decides. */
    private static long markPid(final PidReader reader)
    {
        try
        {
            return reader.read();
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "a mark file could not be read; left to Aeron's check", ex);
            return 0;
        }
    }

    @FunctionalInterface
    private interface PidReader
    {
        long read();
    }
}
