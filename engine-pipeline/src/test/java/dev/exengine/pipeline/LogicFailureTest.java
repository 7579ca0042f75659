package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.journal.SkippedCommands;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.recovery.CommandApplier;
import dev.exengine.pipeline.recovery.FailedCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertEquals(List.of(POISON), engine.skippedCommands());
            hashWithFailure = engine.shutdown();
        }

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
        final CommandApplier failing = (logic, command, sequence, timestamp, listener) ->
        {
            if (sequence == POISON)
            {
                throw new IllegalStateException("injected failure of the machine, not of the command");
            }
            logic.apply(command, sequence, timestamp, listener);
        };
        final Path directory = data.resolve("transient");
        final RecordingOutput output = new RecordingOutput();
        final long liveHash;
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE), failing, output))
        {
            submitFlowSkipping(engine, -1);
            output.await(event -> event.contains("sequence=" + COMMANDS + " "));
            liveHash = engine.shutdown();
        }
        assertEquals(List.of(POISON), SkippedCommands.read(directory.resolve("journal")));
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
    void shouldRecordACommandThatFailsOnlyInTheStartUpReplaySoThatEveryLaterReplayLeavesItOut() throws Exception
    {
        final Path directory = data.resolve("startup");
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE), output))
        {
            submitFlowSkipping(engine, -1);
            output.await(event -> event.contains("sequence=" + COMMANDS + " "));
            engine.shutdown();
        }
        assertEquals(List.of(), SkippedCommands.read(directory.resolve("journal")));
        // The command failed in the live run, which stopped before it could record that: the start-up replay (from
        // scratch, so through the command) meets the failure first.
        deleteSnapshots(directory);
        final CommandApplier failing = (logic, command, sequence, timestamp, listener) ->
        {
            if (sequence == POISON)
            {
                throw new IllegalStateException("injected failure in the start-up replay");
            }
            logic.apply(command, sequence, timestamp, listener);
        };
        final long servedHash;
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE), failing))
        {
            assertEquals(List.of(POISON), engine.recovery().skippedCommands());
            assertEquals(List.of(POISON), engine.recovery().failedCommands().stream()
                .map(FailedCommand::sequence).toList());
            assertEquals(List.of(POISON), engine.skippedCommands());
            servedHash = engine.recovery().logic().stateHash();
            engine.shutdown();
        }
        assertEquals(List.of(POISON), SkippedCommands.read(directory.resolve("journal")),
            "recorded durably at start");
        // A later start whose logic would apply the command fine serves the same state as the run that left it out.
        deleteSnapshots(directory);
        try (Engine engine = Engine.start(config(directory, PipelineMode.INLINE)))
        {
            assertEquals(List.of(POISON), engine.recovery().skippedCommands());
            assertEquals(List.of(), engine.recovery().failedCommands());
            assertEquals(servedHash, engine.recovery().logic().stateHash());
        }
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
