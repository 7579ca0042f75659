package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.journal.JournalCorruptedException;
import dev.exengine.journal.UnsupportedJournalVersionException;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.recovery.JournalReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What start-up does with every kind of damaged or unusual data directory.
 */
class RecoveryTest
{
    private static final int COMMANDS = 400;

    @TempDir
    Path data;

    @Test
    void shouldStartEmptyOnAnEmptyDataDirectory()
    {
        try (Engine engine = Engine.start(config()))
        {
            assertEquals(0, engine.recovery().lastSequence());
            assertEquals(0, engine.recovery().replayedCommands());
        }
    }

    @Test
    void shouldDiscardATornLastRecordAndContinueAfterTheOneBefore() throws Exception
    {
        writeJournal(false);
        JournalDamage.flipPayloadByte(journal(), COMMANDS);

        try (Engine engine = Engine.start(config()))
        {
            assertEquals(COMMANDS - 1, engine.recovery().lastSequence());
            assertEquals(hashOfFirst(COMMANDS - 1), engine.recovery().logic().stateHash());
        }
        try (Engine engine = Engine.start(config().snapshotOnClose(false)))
        {
            assertEquals(COMMANDS - 1, engine.recovery().lastSequence(), "the torn record stays discarded");
        }
    }

    @Test
    void shouldRefuseToStartWhenARecordInTheMiddleIsCorrupt() throws Exception
    {
        writeJournal(false);
        JournalDamage.flipPayloadByte(journal(), 123);

        final JournalCorruptedException thrown =
            assertThrows(JournalCorruptedException.class, () -> Engine.start(config()));
        assertEquals(123, thrown.sequence());
        assertTrue(thrown.getMessage().contains("123"), thrown.getMessage());
    }

    @Test
    void shouldReplayTheWholeJournalWhenSnapshotsAreMissing() throws Exception
    {
        final long hash = writeJournal(true);
        try (Stream<Path> snapshots = Files.list(data.resolve("snapshots")))
        {
            for (final Path snapshot : snapshots.toList())
            {
                Files.delete(snapshot);
            }
        }

        try (Engine engine = Engine.start(config()))
        {
            assertEquals(0, engine.recovery().snapshotSequence());
            assertEquals(COMMANDS, engine.recovery().replayedCommands());
            assertEquals(hash, engine.recovery().logic().stateHash());
        }
    }

    @Test
    void shouldFallBackToAnOlderSnapshotWhenTheNewestIsDamaged() throws Exception
    {
        writeJournal(true);
        final RecordingOutput output = new RecordingOutput();
        final long hash;
        try (Engine engine = Engine.start(config(), output))
        {
            final CommandFlow flow = new CommandFlow(1);
            final Command command = new Command();
            for (int i = 0; i < COMMANDS + 100; i++)
            {
                flow.next(command);
                if (i >= COMMANDS)
                {
                    EngineTest.submit(engine, command);
                }
            }
            output.await(event -> event.contains("sequence=" + (COMMANDS + 100) + " "));
            hash = engine.shutdown();
        }
        final List<Path> snapshots;
        try (Stream<Path> files = Files.list(data.resolve("snapshots")))
        {
            snapshots = files.sorted().toList();
        }
        assertEquals(2, snapshots.size());
        flipLastByte(snapshots.get(1));

        try (Engine engine = Engine.start(config()))
        {
            assertEquals(COMMANDS, engine.recovery().snapshotSequence());
            assertEquals(1, engine.recovery().skippedSnapshots().size());
            assertEquals(100, engine.recovery().replayedCommands());
            assertEquals(hash, engine.recovery().logic().stateHash());
        }
    }

    @Test
    void shouldRefuseAJournalOfANewerFormat() throws Exception
    {
        writeJournal(false);
        JournalDamage.claimNewerFormat(journal());

        final UnsupportedJournalVersionException thrown =
            assertThrows(UnsupportedJournalVersionException.class, () -> Engine.start(config()));
        assertEquals(99, thrown.version());
    }

    private long writeJournal(final boolean snapshotOnClose) throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config().snapshotOnClose(snapshotOnClose), output))
        {
            final CommandFlow flow = new CommandFlow(1);
            final Command command = new Command();
            for (int i = 0; i < COMMANDS; i++)
            {
                EngineTest.submit(engine, flow.next(command));
            }
            output.await(event -> event.contains("sequence=" + COMMANDS + " "));
            return engine.shutdown();
        }
    }

    private long hashOfFirst(final long commands)
    {
        return JournalReplay.of(journal()).untilSequence(commands).run().logic().stateHash();
    }

    private Path journal()
    {
        return data.resolve("journal");
    }

    private EngineConfig config()
    {
        return new EngineConfig().dataDirectory(data).snapshotEveryCommands(0);
    }

    private static void flipLastByte(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long offset = channel.size() - 1;
            final ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte)(one.get(0) ^ 0x5A)).position(0);
            channel.write(one, offset);
        }
    }
}
