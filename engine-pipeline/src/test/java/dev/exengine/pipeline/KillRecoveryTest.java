package dev.exengine.pipeline;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.journal.JournalReader;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.replay.JournalReplay;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kill -9 under load: the engine runs in a child JVM, is killed with SIGKILL at a random moment, and is restarted on
 * the same data directory, again and again. After every kill: every acknowledged command is in the journal and in the
 * recovered state, the journal holds exactly the commands that were sent (in order), the state recovered from
 * snapshot plus journal equals a from-scratch replay, and money is conserved.
 * Run more kill points with {@code -Dkill.points=100}.
 */
class KillRecoveryTest
{
    private static final long SEED = 20261129L;
    private static final int KILL_POINTS = Integer.getInteger("kill.points", 10);

    @TempDir
    Path data;

    @Test
    void shouldRecoverEveryAcknowledgedCommandAfterKillMinusNine() throws Exception
    {
        final Random random = new Random(SEED);
        long totalAcked = 0;
        for (int kill = 1; kill <= KILL_POINTS; kill++)
        {
            // Every pipeline mode in turn, each restarting on what the one before left behind.
            final PipelineMode mode = PipelineMode.values()[kill % PipelineMode.values().length];
            final long acked = runAndKill(mode, 200 + random.nextInt(3_000));
            totalAcked = Math.max(totalAcked, acked);
            verifyRecoveredState(acked);
        }
        assertTrue(totalAcked > 0, "the engine acknowledged commands before being killed");
    }

    /**
     * @return the highest journal sequence the child acknowledged before it died.
     */
    private long runAndKill(final PipelineMode mode, final int acksBeforeKill) throws IOException, InterruptedException
    {
        final Process child = new ProcessBuilder(childCommand(mode)).redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final AtomicLong lastAck = new AtomicLong();
        final AtomicLong ready = new AtomicLong(-1);
        final Thread reader = new Thread(() -> readAcks(child, lastAck, ready), "kill-test-acks");
        reader.start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((ready.get() < 0 || lastAck.get() < ready.get() + acksBeforeKill) && child.isAlive() &&
                System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertTrue(child.isAlive(), "the engine process died by itself");
            assertTrue(ready.get() >= 0, "the engine process did not start within 60 s");
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        return lastAck.get();
    }

    private void verifyRecoveredState(final long acked)
    {
        final BusinessLogicProcessor fromScratch = verifyJournalHoldsTheSentCommands(acked);
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(data).snapshotEveryCommands(0)
            .snapshotOnClose(false)))
        {
            final BusinessLogicProcessor recovered = engine.recovery().logic();
            assertTrue(engine.recovery().lastSequence() >= acked,
                "acknowledged " + acked + " but recovered only to " + engine.recovery().lastSequence());
            assertEquals(fromScratch.stateHash(), recovered.stateHash(), "snapshot + journal equals full replay");
            for (final int asset : recovered.assetIds())
            {
                assertEquals(recovered.deposited(asset) - recovered.withdrawn(asset), recovered.totalBalance(asset),
                    "conservation of asset " + asset);
            }
        }
    }

    /**
     * @return the state replayed from the journal alone.
     */
    private BusinessLogicProcessor verifyJournalHoldsTheSentCommands(final long acked)
    {
        final CommandFlow flow = new CommandFlow(SEED);
        final Command expected = new Command();
        final Command actual = new Command();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final ExpandableArrayBuffer expectedBytes = new ExpandableArrayBuffer();
        final ExpandableArrayBuffer actualBytes = new ExpandableArrayBuffer();
        final List<String> mismatches = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(data.resolve("journal")))
        {
            while (reader.poll((sequence, timestamp, origin, buffer, offset, length) ->
            {
                flow.next(expected);
                view.wrap(buffer, offset, length);
                CommandCodec.decode(view, 0, length, actual);
                final int expectedLength = CommandCodec.encode(expected, expectedBytes, 0);
                final int actualLength = CommandCodec.encode(actual, actualBytes, 0);
                if (sequence != flow.index() || expectedLength != actualLength ||
                    !expectedBytes.equals(actualBytes))
                {
                    mismatches.add("record " + sequence + ": expected " + expected + " got " + actual);
                }
            }, 10_000) > 0)
            {
                assertTrue(mismatches.isEmpty(), () -> mismatches.get(0));
            }
        }
        assertTrue(flow.index() >= acked, "journal ends at " + flow.index() + " before acknowledged " + acked);
        return JournalReplay.of(data.resolve("journal")).run().logic();
    }

    private List<String> childCommand(final PipelineMode mode)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-D"))
            {
                command.add(argument);
            }
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KillTarget.class.getName());
        command.add(data.toString());
        command.add(Long.toString(SEED));
        command.add(mode.name());
        return command;
    }

    private static void readAcks(final Process child, final AtomicLong lastAck, final AtomicLong ready)
    {
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
        {
            String line;
            while ((line = lines.readLine()) != null)
            {
                if (line.startsWith("ACK "))
                {
                    lastAck.set(Long.parseLong(line.substring(4)));
                }
                else if (line.startsWith("READY "))
                {
                    lastAck.set(Long.parseLong(line.substring(6)));
                    ready.set(lastAck.get());
                }
            }
        }
        catch (final IOException ex)
        {
            // Expected when the child is killed mid-line: everything read before is what it acknowledged.
            assertTrue(lastAck.get() >= 0, ex.toString());
        }
    }
}
