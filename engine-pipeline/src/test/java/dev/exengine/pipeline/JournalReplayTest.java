package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replay.CommandApplier;
import dev.exengine.replay.FailedCommand;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replay.RecoveryException;
import dev.exengine.replay.ReplayResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replaying part of a journal: from the snapshot at or before a point, up to a point, with the events after a point;
 * a command that fails is left out and named, or stops a fail-fast replay.
 */
class JournalReplayTest
{
    private static final int COMMANDS = 1_500;

    @TempDir
    Path data;

    private final RecordingOutput live = new RecordingOutput();

    @BeforeEach
    void writeJournalWithSnapshotsAt500And1000() throws InterruptedException
    {
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(data).snapshotEveryCommands(0)
            .snapshotOnClose(false), live))
        {
            final CommandFlow flow = new CommandFlow(5);
            final Command command = new Command();
            for (int i = 1; i <= COMMANDS; i++)
            {
                EngineTest.submit(engine, flow.next(command));
                if (i == 500 || i == 1_000)
                {
                    // Right after a burst of submits the ring may be full: the request is refused BUSY, not queued.
                    while (engine.requestSnapshot() == SubmitResult.BUSY)
                    {
                        Thread.onSpinWait();
                    }
                    final long written = i / 500;
                    final long sent = i;
                    live.await(event -> event.contains("sequence=" + sent + " "));
                    while (engine.snapshotsWritten() < written)
                    {
                        Thread.sleep(1);
                    }
                }
            }
            live.await(event -> event.contains("sequence=" + COMMANDS + " "));
        }
    }

    @Test
    void shouldStopAtASequenceStartingFromTheSnapshotBeforeIt()
    {
        final ReplayResult result = replay().untilSequence(900).run();

        assertEquals(500, result.snapshotSequence());
        assertEquals(900, result.lastSequence());
        assertEquals(JournalReplay.of(journal()).untilSequence(900).run().logic().stateHash(),
            result.logic().stateHash());
    }

    @Test
    void shouldGiveTheLiveEventsOfEveryCommandAfterAPoint()
    {
        final List<String> replayed = new ArrayList<>();
        final ReplayResult result = replay().eventsAfter(1_200).listener(event ->
        {
            if (event.sequence() > 1_200)
            {
                replayed.add(event.toString());
            }
        }).run();

        assertEquals(1_000, result.snapshotSequence());
        assertEquals(live.events().stream().filter(event -> sequenceOf(event) > 1_200).toList(), replayed);
    }

    @Test
    void shouldLeaveOutACommandThatFailsAndNameItOrWhenToldFailFastStopThere()
    {
        final CommandApplier failingAt1100 = (logic, command, sequence, timestamp, listener) ->
        {
            if (sequence == 1_100)
            {
                throw new IllegalStateException("injected failure");
            }
            logic.apply(command, sequence, timestamp, listener);
        };
        final ReplayResult result = replay().applier(failingAt1100).run();
        assertEquals(List.of(1_100L), result.skippedCommands());
        assertEquals(List.of(1_100L), result.failedCommands().stream().map(FailedCommand::sequence).toList());
        assertEquals("injected failure", result.failedCommands().get(0).cause().getMessage());
        assertEquals(COMMANDS, result.lastSequence());

        final RecoveryException stopped =
            assertThrows(RecoveryException.class, () -> replay().applier(failingAt1100).failFast().run());
        assertTrue(stopped.getMessage().contains("command at journal sequence 1100 failed"), stopped.getMessage());
        assertEquals("injected failure", stopped.getCause().getMessage());
    }

    private JournalReplay replay()
    {
        return JournalReplay.of(journal()).snapshots(data.resolve("snapshots"));
    }

    private Path journal()
    {
        return data.resolve("journal");
    }

    private static long sequenceOf(final String event)
    {
        final int start = event.indexOf("sequence=") + "sequence=".length();
        return Long.parseLong(event.substring(start, event.indexOf(' ', start)));
    }
}
