package dev.exengine.cluster;

import io.aeron.archive.ArchiveTool;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A member's archive whose last recorded fragment was cut short by a kill: Linux may end a write at a page boundary
 * when the writing process is killed, and Aeron's archive then refuses to start ("potentially incomplete last
 * fragment straddling page boundary ... Run ArchiveTool verify for corrective action").
 *
 * <p>The repair is the one that message asks for: Aeron's {@link ArchiveTool#verify} with the incomplete fragment
 * truncated. It loses nothing the cluster holds: a fragment still being written when the member died was never
 * counted as this member's (its recording position had not passed it), and the log the member needs after it comes
 * from the leader when it rejoins. A verification that finds more than a torn tail leaves its findings in the log and
 * the member is refused: replace it (README, "Running a cluster").
 */
final class TornRecording
{
    private static final System.Logger LOG = System.getLogger(TornRecording.class.getName());
    private static final String SIGN = "incomplete last fragment straddling page boundary";

    private TornRecording()
    {
    }

    /** @return whether a launch failed on a torn last fragment of a recording. */
    static boolean isCause(final Throwable failure)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause())
        {
            if (String.valueOf(cause.getMessage()).contains(SIGN))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Truncates the torn last fragment of each recording in the archive directory (which no archive may have open).
     *
     * @return the segment files truncated.
     * @throws IllegalStateException when the verification found anything else wrong; what it found is in the message.
     */
    static List<File> truncate(final File archiveDirectory)
    {
        final ByteArrayOutputStream report = new ByteArrayOutputStream();
        final List<File> truncated = new ArrayList<>();
        final boolean clean;
        try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8))
        {
            clean = ArchiveTool.verify(out, archiveDirectory, EnumSet.noneOf(ArchiveTool.VerifyOption.class), null,
                segment ->
                {
                    truncated.add(segment);
                    return true;
                });
        }
        final String found = report.toString(StandardCharsets.UTF_8).trim();
        if (!clean)
        {
            throw new IllegalStateException("the archive " + archiveDirectory + " holds more than a torn last " +
                "fragment (Aeron's verification: " + found + ")");
        }
        LOG.log(System.Logger.Level.WARNING, "truncated the torn last fragment of " + truncated + ", cut short when " +
            "the member's process died; the member fetches the log after it from the leader");
        return truncated;
    }
}
