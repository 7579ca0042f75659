package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalReader;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import dev.exengine.replay.JournalReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineTest
{
    private static final long ORIGIN = 42;

    @TempDir
    Path data;

    static Stream<Arguments> modes()
    {
        return Stream.of(
            Arguments.of(PipelineMode.PARALLEL, DurabilityMode.PROCESS),
            Arguments.of(PipelineMode.SERIAL, DurabilityMode.PROCESS),
            Arguments.of(PipelineMode.PARALLEL, DurabilityMode.FSYNC),
            Arguments.of(PipelineMode.SERIAL, DurabilityMode.FSYNC),
            Arguments.of(PipelineMode.INLINE, DurabilityMode.PROCESS),
            Arguments.of(PipelineMode.INLINE, DurabilityMode.FSYNC));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void shouldReleaseNoEventBeforeItsCommandIsInTheJournal(final PipelineMode pipeline, final DurabilityMode durability)
        throws InterruptedException
    {
        final List<String> violations = new ArrayList<>();
        final AtomicLong lastSeen = new AtomicLong();
        final JournalReader reader = JournalReader.open(data.resolve("journal"));
        final EngineOutput journalChecker = (event, origin) ->
        {
            if (event.sequence() > lastSeen.get())
            {
                lastSeen.set(event.sequence());
                final long journaled = reader.lastSequence();
                if (journaled < event.sequence())
                {
                    violations.add(event + " released while the journal ends at " + journaled);
                }
            }
        };
        final RecordingOutput recording = new RecordingOutput();
        try (reader; Engine engine = Engine.start(config().pipelineMode(pipeline).durabilityMode(durability),
            journalChecker, recording))
        {
            final long sent = submitFlow(engine, 1, 300);
            recording.await(event -> event.contains("sequence=" + sent + " "));
        }
        assertEquals(List.of(), violations);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void shouldProduceTheSameEventsWhenTheJournalIsReplayed(final PipelineMode pipeline, final DurabilityMode durability)
        throws InterruptedException
    {
        final RecordingOutput live = new RecordingOutput();
        final long liveHash;
        try (Engine engine = Engine.start(config().pipelineMode(pipeline).durabilityMode(durability), live))
        {
            final long sent = submitFlow(engine, 1, 2_000);
            live.await(event -> event.contains("sequence=" + sent + " "));
            liveHash = engine.shutdown();
        }

        final List<String> replayed = new ArrayList<>();
        final long replayHash = JournalReplay.of(data.resolve("journal"))
            .listener(event -> replayed.add(event.toString())).run().logic().stateHash();

        assertEquals(live.events(), replayed);
        assertEquals(liveHash, replayHash);
    }

    @ParameterizedTest
    @EnumSource(WaitProfile.class)
    void shouldRunWithEveryWaitProfile(final WaitProfile profile) throws InterruptedException
    {
        final long hash = runFlow(config().waitProfile(profile), 1, 300);
        try (Engine engine = Engine.start(config()))
        {
            assertEquals(hash, engine.shutdown());
        }
    }

    @Test
    void shouldRecoverTheSameStateFromAJournalWrittenWithThePretouch() throws InterruptedException
    {
        final Path plain = data.resolve("plain");
        final Path pretouched = data.resolve("pretouched");
        final long plainHash = runFlow(new EngineConfig().dataDirectory(plain).snapshotEveryCommands(0)
            .snapshotOnClose(false), 1, 3_000);
        final long pretouchedHash = runFlow(new EngineConfig().dataDirectory(pretouched).snapshotEveryCommands(0)
            .snapshotOnClose(false).journalPretouchAhead(1 << 20), 1, 3_000);
        assertFalse(Thread.getAllStackTraces().keySet().stream()
            .anyMatch(thread -> thread.getName().equals("exengine-journal-pretouch")), "stopped at close");

        assertEquals(plainHash, pretouchedHash);
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(pretouched).snapshotEveryCommands(0)))
        {
            assertEquals(3_000, engine.recovery().replayedCommands());
            assertEquals(plainHash, engine.shutdown());
        }
        assertThrows(IllegalArgumentException.class, () -> new EngineConfig().journalPretouchAhead(4095));
    }

    @Test
    void shouldStampEventsWithTheJournalSequenceOfTheirCommand() throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config(), output))
        {
            final long sent = submitFlow(engine, 1, 100);
            output.await(event -> event.contains("sequence=" + sent + " "));
        }
        final List<Long> journaled = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(data.resolve("journal")))
        {
            while (reader.poll((sequence, timestamp, origin, buffer, offset, length) -> journaled.add(sequence), 1000) > 0)
            {
                assertFalse(journaled.isEmpty());
            }
        }
        assertEquals(100, journaled.size());
        assertEquals(journaled, output.sequences().stream().distinct().toList());
    }

    @Test
    void shouldRecoverTheSameStateAfterRestart() throws InterruptedException
    {
        final long hashAtClose = runFlow(config(), 1, 3_000);

        try (Engine engine = Engine.start(config()))
        {
            assertEquals(3_000, engine.recovery().snapshotSequence(), "clean shutdown leaves a snapshot");
            assertEquals(0, engine.recovery().replayedCommands());
            assertEquals(hashAtClose, engine.shutdown());
        }
    }

    @Test
    void shouldRecoverFromTheJournalAloneWithoutSnapshots() throws InterruptedException
    {
        final long hashAtClose = runFlow(config().snapshotOnClose(false), 1, 3_000);

        try (Engine engine = Engine.start(config()))
        {
            assertEquals(0, engine.recovery().snapshotSequence());
            assertEquals(3_000, engine.recovery().replayedCommands());
            assertEquals(hashAtClose, engine.shutdown());
        }
    }

    @Test
    void shouldContinueTheJournalAfterRestart() throws InterruptedException
    {
        runFlow(config(), 1, 1_000);
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config(), output))
        {
            final CommandFlow flow = new CommandFlow(1);
            final Command command = new Command();
            for (int i = 0; i < 1_000; i++)
            {
                flow.next(command);
            }
            flow.next(command);
            submit(engine, command);
            output.await(event -> event.contains("sequence=1001 "));
        }
        assertEquals(1_001, JournalReplay.of(data.resolve("journal")).run().lastSequence());
    }

    @Test
    void shouldTakeSnapshotsEveryNCommandsWithoutLosingState() throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        final long hash;
        try (Engine engine = Engine.start(config().snapshotEveryCommands(500).snapshotOnClose(false), output))
        {
            final CommandFlow flow = new CommandFlow(1);
            final Command command = new Command();
            for (int chunk = 1; chunk <= 3; chunk++)
            {
                for (int i = 0; i < 600; i++)
                {
                    submit(engine, flow.next(command));
                }
                final long sent = flow.index();
                output.await(event -> event.contains("sequence=" + sent + " "));
                awaitSnapshots(engine, chunk);
            }
            hash = engine.shutdown();
        }

        try (Engine engine = Engine.start(config()))
        {
            assertTrue(engine.recovery().snapshotSequence() >= 1_000, "a periodic snapshot was used");
            assertEquals(hash, engine.shutdown());
        }
    }

    @Test
    void shouldTakeASnapshotOnDemand() throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config().snapshotEveryCommands(0).snapshotOnClose(false), output))
        {
            final long sent = submitFlow(engine, 1, 500);
            assertEquals(SubmitResult.ACCEPTED, engine.requestSnapshot());
            output.await(event -> event.contains("sequence=" + sent + " "));
            awaitSnapshots(engine, 1);
            assertEquals(1, engine.snapshotsWritten());
        }
        try (Engine engine = Engine.start(config()))
        {
            assertEquals(500, engine.recovery().snapshotSequence());
        }
    }

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void shouldTakeASnapshotThatCameDueWhileTheWriterWasBusyWithoutWaitingForAnotherCommand(final PipelineMode mode)
        throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config().pipelineMode(mode).snapshotOnClose(false), output))
        {
            final CommandFlow flow = new CommandFlow(1);
            final Command command = new Command();
            for (int i = 0; i < 200; i++)
            {
                submit(engine, flow.next(command));
            }
            assertEquals(SubmitResult.ACCEPTED, engine.requestSnapshot());
            submit(engine, flow.next(command));
            // Right behind the first: the writer is still writing it (it waits for the journal, then the disk).
            assertEquals(SubmitResult.ACCEPTED, engine.requestSnapshot());
            output.await(event -> event.contains("sequence=201 "));
            // Nothing else comes: the second is taken once the writer is free, not at the next command.
            awaitSnapshots(engine, 2);
        }
    }

    @Test
    void shouldAnswerBusyInsteadOfBlockingWhenTheRingIsFull() throws InterruptedException
    {
        final CountDownLatch release = new CountDownLatch(1);
        final EngineOutput stuck = (event, origin) ->
        {
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        };
        try (Engine engine = Engine.start(config().inputRingSize(4).outputRingSize(4), stuck))
        {
            final CommandFlow flow = new CommandFlow(1);
            final Command command = new Command();
            SubmitResult result = SubmitResult.ACCEPTED;
            for (int i = 0; i < 10_000 && result == SubmitResult.ACCEPTED; i++)
            {
                result = engine.submit(ORIGIN, flow.next(command));
            }
            assertEquals(SubmitResult.BUSY, result);
            release.countDown();
        }
    }

    @Test
    void shouldApplyEveryAcceptedCommandEvenWhenClosedAtOnce()
    {
        final CommandFlow flow = new CommandFlow(1);
        final Command command = new Command();
        for (int round = 1; round <= 10; round++)
        {
            try (Engine engine = Engine.start(config()))
            {
                assertEquals(2L * (round - 1), engine.recovery().lastSequence());
                submit(engine, flow.next(command));
                submit(engine, flow.next(command));
            }
        }
        assertEquals(20, JournalReplay.of(data.resolve("journal")).run().lastSequence());
    }

    @Test
    void shouldRefuseCommandsAfterClose() throws InterruptedException
    {
        final Engine engine = Engine.start(config());
        engine.close();
        assertEquals(SubmitResult.CLOSED, engine.submit(ORIGIN, new CommandFlow(1).next(new Command())));
        assertEquals(SubmitResult.CLOSED, engine.requestSnapshot());
    }

    @Test
    void shouldRejectACommandWithoutAType()
    {
        try (Engine engine = Engine.start(config()))
        {
            assertThrows(IllegalArgumentException.class, () -> engine.submit(ORIGIN, new Command()));
            assertThrows(IllegalArgumentException.class,
                () -> engine.submit(ORIGIN, new Command().type(CommandType.NEW_ORDER)));
        }
    }

    @Test
    void shouldKeepDeliveringToOtherOutputsWhenOneThrows() throws InterruptedException
    {
        final RecordingOutput healthy = new RecordingOutput();
        final EngineOutput broken = (event, origin) ->
        {
            throw new IllegalStateException("broken consumer");
        };
        try (Engine engine = Engine.start(config(), broken, healthy))
        {
            final long sent = submitFlow(engine, 1, 50);
            healthy.await(event -> event.contains("sequence=" + sent + " "));
            assertTrue(engine.failureCount() > 0);
            assertFalse(engine.isHalted());
        }
    }

    @Test
    void shouldAnswerQueriesWithoutJournalingThem() throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config(), output))
        {
            final long sent = submitFlow(engine, 1, 40);
            submit(engine, new Command().type(CommandType.QUERY_BALANCES).accountId(1).requestId(77));
            final String done = output.await(event -> event.startsWith("QUERY_DONE"));
            assertTrue(done.contains("requestId=77"), done);
            assertTrue(done.contains("sequence=" + sent + " "), "a query reports the state as of the last command");
        }
        assertEquals(40, JournalReplay.of(data.resolve("journal")).run().lastSequence());
    }

    /** Snapshots are written in the background: wait (30 s guard against hangs) until this many are on disk. */
    private static void awaitSnapshots(final Engine engine, final long count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (engine.snapshotsWritten() < count && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(count, engine.snapshotsWritten());
    }

    private EngineConfig config()
    {
        return new EngineConfig().dataDirectory(data).snapshotEveryCommands(0);
    }

    private long runFlow(final EngineConfig config, final long seed, final int commands) throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config, output))
        {
            final long sent = submitFlow(engine, seed, commands);
            output.await(event -> event.contains("sequence=" + sent + " "));
            return engine.shutdown();
        }
    }

    /**
     * @return the journal sequence of the last command sent (the engine started empty).
     */
    static long submitFlow(final Engine engine, final long seed, final int commands)
    {
        final CommandFlow flow = new CommandFlow(seed);
        final Command command = new Command();
        for (int i = 0; i < commands; i++)
        {
            submit(engine, flow.next(command));
        }
        return commands;
    }

    static void submit(final Engine engine, final Command command)
    {
        SubmitResult result;
        while ((result = engine.submit(ORIGIN, command)) == SubmitResult.BUSY)
        {
            Thread.onSpinWait();
        }
        assertEquals(SubmitResult.ACCEPTED, result);
    }
}
