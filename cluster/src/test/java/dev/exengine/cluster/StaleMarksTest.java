package dev.exengine.cluster;

import io.aeron.CommonContext;
import io.aeron.cluster.codecs.mark.ClusterComponentType;
import io.aeron.cluster.service.ClusterMarkFile;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.exceptions.ActiveDriverException;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A member restarted right after its process died starts at once: Aeron's fresh marks of a process that is gone are
 * removed, and the marks of one that runs are left for Aeron to refuse. Which process runs is told to the code under
 * test, since this test's own process writes the marks.
 */
class StaleMarksTest
{
    private static final long LIVENESS_MS = 10_000;

    @TempDir
    Path data;

    @Test
    void shouldRemoveTheMarksOfAProcessThatIsGoneSoThatAeronStartsAtOnce()
    {
        final MemberDirectory member = MemberDirectory.open(MemberDirectory.of(data, 0), "east", 0);
        leaveMarks(member);

        final List<String> removed = StaleMarks.clear(data.resolve("no-driver").toFile(), member, pid -> false);

        assertEquals(2, removed.size(), removed.toString());
        assertFalse(Files.exists(member.clusterDirectory().resolve(ClusterMarkFile.FILENAME)));
        assertFalse(Files.exists(member.clusterDirectory().resolve(ClusterMarkFile.markFilenameForService(0))));
        assertTrue(Files.exists(member.clusterDirectory().resolve("node-state.dat")), "the consensus state stays");
        // Aeron starts over them now, where it would have refused within 10 s of the last heartbeat.
        newMark(member, ClusterMarkFile.FILENAME, ClusterComponentType.CONSENSUS_MODULE).close();
    }

    @Test
    void shouldLeaveTheMarksOfAProcessThatRunsForAeronToRefuse()
    {
        final MemberDirectory member = MemberDirectory.open(MemberDirectory.of(data, 0), "east", 0);
        leaveMarks(member);

        assertEquals(List.of(), StaleMarks.clear(data.resolve("no-driver").toFile(), member, pid -> true));

        final IllegalStateException active = assertThrows(IllegalStateException.class,
            () -> newMark(member, ClusterMarkFile.FILENAME, ClusterComponentType.CONSENSUS_MODULE));
        assertTrue(active.getMessage().contains("active mark file"), active.getMessage());
    }

    @Test
    void shouldRemoveTheDirectoryOfAKilledMediaDriverAndLeaveARunningOnesAlone() throws Exception
    {
        final MemberDirectory member = MemberDirectory.open(MemberDirectory.of(data, 0), "east", 0);
        final File driverDirectory = data.resolve("driver").toFile();
        final Process driver = driverProcess(driverDirectory);
        try
        {
            assertEquals(List.of(), StaleMarks.clear(driverDirectory, member, StaleMarks::isRunning));
            assertThrows(ActiveDriverException.class, () -> driver(driverDirectory), "the driver runs");
        }
        finally
        {
            driver.destroyForcibly().waitFor();
        }
        // Killed: its heartbeat is fresh, and Aeron alone would refuse the directory for 10 s.
        final List<String> removed = StaleMarks.clear(driverDirectory, member, StaleMarks::isRunning);
        assertEquals(1, removed.size(), removed.toString());
        assertTrue(removed.get(0).contains("process " + driver.pid()), removed.toString());
        driver(driverDirectory).close();
    }

    @Test
    void shouldDoNothingWhereThereAreNoMarks()
    {
        final MemberDirectory member = MemberDirectory.open(MemberDirectory.of(data, 0), "east", 0);
        assertEquals(List.of(), StaleMarks.clear(data.resolve("driver").toFile(), member, pid -> false));
    }

    @Test
    void shouldKnowThisProcessRunsAndAnEndedOneDoesNot() throws Exception
    {
        assertTrue(StaleMarks.isRunning(ProcessHandle.current().pid()));
        final Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertFalse(StaleMarks.isRunning(ended.pid()));
    }

    /** Marks as a member's process leaves them when it dies: heartbeats fresh, nothing closed cleanly. */
    private static void leaveMarks(final MemberDirectory member)
    {
        try
        {
            Files.createDirectories(member.clusterDirectory());
            Files.writeString(member.clusterDirectory().resolve("node-state.dat"), "consensus state");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        for (final ClusterMarkFile mark : List.of(
            newMark(member, ClusterMarkFile.FILENAME, ClusterComponentType.CONSENSUS_MODULE),
            newMark(member, ClusterMarkFile.markFilenameForService(0), ClusterComponentType.CONTAINER)))
        {
            mark.signalReady(SystemEpochClock.INSTANCE.time());
            // Unmapped, not ended: the file keeps this process's id and the fresh heartbeat, as after a kill.
            mark.close();
        }
    }

    /** A media driver in a process of its own, running once its CnC file is ready. */
    private static Process driverProcess(final File directory) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(argument -> argument.startsWith("--add-")).toList());
        command.addAll(List.of("-Daeron.dir=" + directory, "-Daeron.dir.delete.on.start=true",
            "-Daeron.threading.mode=SHARED", "-cp", System.getProperty("java.class.path"), MediaDriver.class.getName()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!CommonContext.isDriverActive(directory, 1_000, message -> { }))
        {
            assertTrue(process.isAlive(), "the media driver's process ended");
            assertTrue(System.nanoTime() - deadline < 0, "no media driver within 30 s");
            Thread.sleep(20);
        }
        return process;
    }

    private static ClusterMarkFile newMark(final MemberDirectory member, final String name,
        final ClusterComponentType type)
    {
        return new ClusterMarkFile(member.clusterDirectory().resolve(name).toFile(), type, ClusterMarkFile.ERROR_BUFFER_MIN_LENGTH,
            SystemEpochClock.INSTANCE, LIVENESS_MS);
    }

    private static MediaDriver driver(final File directory)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(directory.getPath())
            .dirDeleteOnStart(false)
            .dirDeleteOnShutdown(false));
    }
}
