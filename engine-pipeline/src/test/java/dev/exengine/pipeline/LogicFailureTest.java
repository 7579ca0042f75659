package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.journal.SkippedCommands;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.replay.CommandApplier;
import dev.exengine.replay.FailedCommand;
import dev.exengine.replay.RecoveryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command that throws inside the business logic is rejected with INTERNAL_ERROR, the state is rebuilt as it was
 * before it, and the engine goes on: the pipeline is never killed silently and never hangs. None of the events the
 * logic made for it before failing leaves the engine: the reject is all a client hears of it.
 */
class LogicFailureTest
{
    private static final int COMMANDS = 300;
    private static final long POISON = 150;

    @TempDir
    Path data;

    @ParameterizedTest
    @EnumSource(PipelineMode.class)
    void shouldRejectACommandThatThrowsAndGoOnWithTheStateAsBeforeIt(final PipelineMode mode)
        throws InterruptedException
    {
        final CommandApplier poisoned = (logic, command, sequence, timestamp, listener) ->
        {
            if (sequence == POISON)
            {
                // The logic has changed the state and made the command's events, then fails.
                logic.apply(command, sequence, timestamp, listener);
                throw new IllegalStateException("injected failure after the state changed");
            }
            logic.apply(command, sequence, timestamp, listener);
        };
        final RecordingOutput output = new RecordingOutput();
        final long hashWithFailure;
        try (Engine engine = Engine.start(config(data.resolve("failing"), mode), poisoned, output))
        {
            submitFlowSkipping(engine, -1);
            output.await(event -> event.contains("sequence=" + COMMANDS + " "));
            final String reject = output.await(event -> event.contains("sequence=" + POISON + " "));
            assertTrue(reject.contains("rejectReason=INTERNAL_ERROR"), reject);
            assertEquals(List.of(reject), output.events().stream()
                .filter(event -> event.contains("sequence=" + POISON + " ")).toList(),
                "the failed command's own events never leave");
            assertFalse(engine.isHalted());
            assertEquals(1, engine.failureCount());
            hashWithFailure = engine.shutdown();
        }
        assertEquals(List.of(POISON), JournaledSkips.read(data.resolve("failing").resolve("journal")),
            "the decision is journaled");

        final RecordingOutput reference = new RecordingOutput();
        try (Engine engine = Engine.start(config(data.resolve("reference"), mode), reference))
        {
            submitFlowSkipping(engine, POISON);
            reference.await(event -> event.contains("sequence=" + (COMMANDS - 1) + " "));
            assertEquals(hashWithFailure, engine.shutdown(), "the failed command left no trace in the state");
        }
    }

    @Test
    void shouldLeaveTheFailedCommandOutAfterARestartAlsoWhenItWouldNotFailAgain() throws Exception
    {
        // A failure of the machine, not of the command: a later start applies it fine.
        final Path directory = data.resolve("transient");
        final RecordingOutput output = new RecordingOutput();
        final long liveHash;
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE), failingAt(POISON), output))
        {
            submitFlowSkipping(engine, -1);
            output.await(event -> event.contains("sequence=" + COMMANDS + " "));
            liveHash = engine.shutdown();
        }
        assertEquals(List.of(POISON), JournaledSkips.read(directory.resolve("journal")));
        // From scratch, with a business logic that would apply the command fine now.
        deleteSnapshots(directory);
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE)))
        {
            assertEquals(0, engine.recovery().snapshotSequence());
            assertEquals(List.of(POISON), engine.recovery().skippedCommands());
            assertEquals(liveHash, engine.recovery().logic().stateHash(), "the state the live run had");
        }
    }

    @Test
    void shouldRecordACommandThatFailsInTheStartUpReplayWithinTheInputRingOfTheJournalsEnd() throws Exception
    {
        final Path directory = data.resolve("startup");
        journalOfACleanRun(directory);
        // As a run that stopped while rejecting the command would leave it: the start-up replay (from scratch, so
        // through the command) meets the failure first. The journal ends 150 commands later, within the input ring.
        final long servedHash;
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE), failingAt(POISON)))
        {
            assertEquals(List.of(POISON), engine.recovery().skippedCommands());
            assertEquals(List.of(POISON), engine.recovery().failedCommands().stream()
                .map(FailedCommand::sequence).toList());
            servedHash = engine.recovery().logic().stateHash();
            engine.shutdown();
        }
        assertEquals(List.of(POISON), JournaledSkips.read(directory.resolve("journal")), "journaled at start");
        // A later start whose logic would apply the command fine serves the same state as the run that left it out.
        deleteSnapshots(directory);
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE)))
        {
            assertEquals(List.of(POISON), engine.recovery().skippedCommands());
            assertEquals(List.of(), engine.recovery().failedCommands());
            assertEquals(servedHash, engine.recovery().logic().stateHash());
        }
    }

    @Test
    void shouldRefuseToStartWhenACommandFailsInTheStartUpReplayDeeperThanTheInputRingReaches() throws Exception
    {
        final Path directory = data.resolve("deep");
        final long cleanHash = journalOfACleanRun(directory);
        // With a ring of 64 slots the journal runs at most 63 commands ahead of the command the logic is applying, and
        // the logic journals its skip within another ring: 128 before the end (sequence 172 of 300), the run that
        // journaled the command applied it.
        final EngineConfig smallRing = config(directory, PipelineMode.INLINE).inputRingSize(64);
        final RecoveryException refused = assertThrows(RecoveryException.class,
            () -> Engine.start(smallRing, failingAt(COMMANDS - 128)).close());
        assertTrue(refused.getMessage().contains("journal sequence " + (COMMANDS - 128) + " fails") &&
            refused.getMessage().contains("bin/engine skip --data DIR " + (COMMANDS - 128)), refused.getMessage());
        assertEquals(List.of(), JournaledSkips.read(directory.resolve("journal")), "nothing journaled");
        // The journal is released and untouched: the version that applies the command starts as before.
        try (Engine engine = Engine.start(smallRing))
        {
            assertEquals(List.of(), engine.recovery().skippedCommands());
            assertEquals(cleanHash, engine.recovery().logic().stateHash());
        }
        // 127 before the end it may be the command a run was leaving out when it stopped: journaled.
        deleteSnapshots(directory);
        try (Engine engine = Engine.start(smallRing, failingAt(COMMANDS - 127)))
        {
            assertEquals(List.of((long)COMMANDS - 127), engine.recovery().skippedCommands());
        }
        assertEquals(List.of((long)COMMANDS - 127), JournaledSkips.read(directory.resolve("journal")));
    }

    @Test
    void shouldJournalTheSkipsAnOlderVersionListedBesideTheJournalAndRetireItsFile() throws Exception
    {
        final Path directory = data.resolve("legacy");
        journalOfACleanRun(directory);
        // What a version that kept its skips in a file beside the journal left: command 150, and one past the end.
        final Path legacy = directory.resolve("journal").resolve(SkippedCommands.FILE_NAME);
        Files.writeString(legacy, POISON + "\n" + (COMMANDS + 7) + "\n");
        final long hash;
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE)))
        {
            assertEquals(List.of(POISON), engine.recovery().skippedCommands().stream().filter(s -> s <= COMMANDS)
                .toList());
            hash = engine.recovery().logic().stateHash();
        }
        assertEquals(List.of(POISON), JournaledSkips.read(directory.resolve("journal")), "past the end: dropped");
        assertTrue(Files.notExists(legacy));
        assertTrue(Files.exists(legacy.resolveSibling(SkippedCommands.FILE_NAME + SkippedCommands.RETIRED_SUFFIX)));
        deleteSnapshots(directory);
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE)))
        {
            assertEquals(hash, engine.recovery().logic().stateHash(), "the journal alone leaves 150 out");
        }
    }

    @Test
    void shouldHaltWhenTheRebuildAfterAFailedCommandMeetsAnotherFailure() throws Exception
    {
        // Command 100 applies live, then fails when the rebuild after the failure of 150 replays it (no snapshots,
        // so the rebuild starts from scratch): the state without 150 cannot be the one this run served.
        final AtomicInteger callsAt100 = new AtomicInteger();
        final CommandApplier unstable =
            failingWhen(sequence -> sequence == POISON || (sequence == 100 && callsAt100.incrementAndGet() > 1));
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config(data.resolve("rebuild"), PipelineMode.INLINE)
            .snapshotEveryCommands(0), unstable, output))
        {
            // Only up to the failing command: once the engine halts, a later submit is refused.
            EngineTest.submitFlow(engine, 3, (int)POISON);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!engine.isHalted() && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertTrue(engine.isHalted(), "halted");
            assertEquals(2, callsAt100.get());
            assertTrue(output.events().stream().noneMatch(event -> event.contains("sequence=" + POISON + " ")),
                "no reject of the failed command leaves once the engine cannot rebuild the state");
        }
    }

    /** Journals the flow with a logic that applies every command, then removes the snapshots; returns its hash. */
    private static long journalOfACleanRun(final Path directory) throws Exception
    {
        final RecordingOutput output = new RecordingOutput();
        final long hash;
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE), output))
        {
            submitFlowSkipping(engine, -1);
            output.await(event -> event.contains("sequence=" + COMMANDS + " "));
            hash = engine.shutdown();
        }
        assertEquals(List.of(), JournaledSkips.read(directory.resolve("journal")));
        deleteSnapshots(directory);
        return hash;
    }

    private static CommandApplier failingAt(final long failingSequence)
    {
        return failingWhen(sequence -> sequence == failingSequence);
    }

    /** Applies every command, except that it throws for the journal sequences the test names. */
    private static CommandApplier failingWhen(final LongPredicate fails)
    {
        return (logic, command, sequence, timestamp, listener) ->
        {
            if (fails.test(sequence))
            {
                throw new IllegalStateException("injected failure at " + sequence);
            }
            logic.apply(command, sequence, timestamp, listener);
        };
    }

    private static void deleteSnapshots(final Path directory) throws IOException
    {
        try (Stream<Path> snapshots = Files.list(directory.resolve("snapshots")))
        {
            for (final Path snapshot : snapshots.toList())
            {
                Files.delete(snapshot);
            }
        }
    }

    private static void submitFlowSkipping(final Engine engine, final long skippedIndex)
    {
        final CommandFlow flow = new CommandFlow(3);
        final Command command = new Command();
        for (int i = 1; i <= COMMANDS; i++)
        {
            flow.next(command);
            if (i != skippedIndex)
            {
                EngineTest.submit(engine, command);
            }
        }
    }

    private static EngineConfig config(final Path directory, final PipelineMode mode)
    {
        return new EngineConfig().dataDirectory(directory).pipelineMode(mode).snapshotEveryCommands(100)
            .snapshotOnClose(false);
    }
}
