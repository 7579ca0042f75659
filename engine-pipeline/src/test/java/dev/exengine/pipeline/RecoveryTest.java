package dev.exengine.pipeline;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.journal.JournalCorruptedException;
import dev.exengine.journal.JournalDamagedException;
import dev.exengine.journal.JournalLock;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.SkippedCommands;
import dev.exengine.journal.UnsupportedJournalVersionException;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replay.RecoveryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
    void shouldLeaveTheDataDirectoryAsItWasWhenItRefusesACorruptRecord() throws Exception
    {
        writeJournal(false);
        JournalDamage.flipPayloadByte(journal(), 123);
        final String before = JournalDamage.contentHash(data);

        assertThrows(JournalCorruptedException.class, () -> Engine.start(config()));
        assertEquals(before, JournalDamage.contentHash(data), "a refused start changes nothing, Chronicle's files included");
    }

    @Test
    void shouldRefuseAJournalTruncatedInsideARecordAndChangeNothing() throws Exception
    {
        // The snapshot at 400 lies beyond the records the cut leaves: setting it aside would be a change.
        writeJournal(true);
        JournalDamage.truncateInsideRecord(journal(), COMMANDS - 10);
        final String before = JournalDamage.contentHash(data);

        final JournalDamagedException refused = assertThrows(JournalDamagedException.class, () -> Engine.start(config()));
        assertEquals(JournalDamage.onlyCycleFile(journal()), refused.file());
        assertTrue(refused.getMessage().contains("truncated") && refused.getMessage().contains("truncate -s "),
            refused.getMessage());
        assertEquals(before, JournalDamage.contentHash(data));
    }

    @Test
    void shouldRefuseAZeroedIndexPageAndChangeNothing() throws Exception
    {
        writeJournal(true);
        JournalDamage.zeroIndexPage(journal());
        final String before = JournalDamage.contentHash(data);

        final JournalDamagedException refused = assertThrows(JournalDamagedException.class, () -> Engine.start(config()));
        assertEquals(JournalDamage.onlyCycleFile(journal()), refused.file());
        assertTrue(refused.getMessage().contains("intact records lie beyond"), refused.getMessage());
        assertEquals(before, JournalDamage.contentHash(data));
    }

    @Test
    void shouldStartWithTheIntactRecordsWhenTheTailPagesAreZeroedAndSayWhatItDiscarded() throws Exception
    {
        // A power loss in PROCESS mode: the snapshot at 400 was forced, the last pages of the journal were not.
        writeJournal(true);
        JournalDamage.zeroLastPages(journal(), 2);
        final long intact;
        try (JournalReader reader = JournalReader.open(journal()))
        {
            intact = reader.lastSequence();
        }
        assertTrue(intact > COMMANDS / 2 && intact < COMMANDS - 10, "two pages of records lost: " + intact);
        final long hashOfIntact = hashOfFirst(intact);

        final RecordingOutput output = new RecordingOutput();
        final long liveHash;
        try (EngineWarnings warnings = new EngineWarnings();
            Engine engine = Engine.start(config().snapshotOnClose(false), output))
        {
            assertEquals(intact, engine.recovery().lastSequence());
            assertEquals(0, engine.recovery().snapshotSequence(), "not the snapshot past the journal's end");
            assertEquals(hashOfIntact, engine.recovery().logic().stateHash());
            final String discarded = warnings.about("discarded the journal's damaged tail");
            assertTrue(discarded.contains("after sequence " + intact) &&
                discarded.contains(JournalDamage.onlyCycleFile(journal()).toString()) && discarded.contains("bytes "),
                discarded);
            assertTrue(warnings.about("set aside snapshot").contains("snapshot-00000000000000000400.snap"));

            EngineTest.submitFlow(engine, 9, 5);
            output.await(event -> event.contains("sequence=" + (intact + 5) + " "));
            liveHash = engine.shutdown();
        }
        try (Engine engine = Engine.start(config().snapshotOnClose(false)))
        {
            assertEquals(intact + 5, engine.recovery().lastSequence(), "what it appended after the damage is read");
            assertEquals(liveHash, engine.recovery().logic().stateHash());
        }
    }

    @Test
    void shouldStartFromTheSnapshotAndWarnWhenARecordBeforeItIsDamaged() throws Exception
    {
        final long hash = writeJournal(true);
        JournalDamage.flipPayloadByte(journal(), 123);

        try (EngineWarnings warnings = new EngineWarnings();
            Engine engine = Engine.start(config()))
        {
            assertEquals(COMMANDS, engine.recovery().snapshotSequence());
            assertEquals(hash, engine.recovery().logic().stateHash());
            final String warning = warnings.about("journal corrupted at sequence 123");
            assertTrue(warning.contains("before the snapshot at " + COMMANDS), warning);
        }
    }

    @Test
    void shouldReplayTheWholeJournalWhenSnapshotsAreMissing() throws Exception
    {
        final long hash = writeJournal(true);
        deleteSnapshots();

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
    void shouldSetAsideASnapshotThatCoversCommandsTheJournalLost(@TempDir final Path lost) throws Exception
    {
        // What a power loss in PROCESS mode can leave: the snapshot at 400 was forced, the journal's last 100
        // records were not. Built here from a journal of 300 of the same commands and the other run's snapshot.
        writeJournal(true);
        final Path snapshot = SnapshotStore.open(data.resolve("snapshots")).list().get(0).path();
        final long hashOf300;
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(lost).snapshotEveryCommands(0)
            .snapshotOnClose(false)))
        {
            EngineTest.submitFlow(engine, 1, 300);
            hashOf300 = engine.shutdown();
        }
        final Path copied = lost.resolve("snapshots").resolve(snapshot.getFileName());
        Files.copy(snapshot, copied);

        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(lost).snapshotEveryCommands(0)
            .snapshotOnClose(false)))
        {
            assertEquals(0, engine.recovery().snapshotSequence(), "not the snapshot past the journal's end");
            assertEquals(300, engine.recovery().lastSequence());
            assertEquals(hashOf300, engine.recovery().logic().stateHash());
        }
        assertTrue(Files.notExists(copied));
        assertTrue(Files.exists(copied.resolveSibling(copied.getFileName() + SnapshotStore.BEYOND_JOURNAL_SUFFIX)),
            "kept for an operator, out of use: sequences 301.. will name other commands");
    }

    @Test
    void shouldRefuseToStartWithSnapshotsButNoJournalAtAll() throws Exception
    {
        writeJournal(true);
        try (Stream<Path> files = Files.walk(journal()))
        {
            for (final Path file : files.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(file);
            }
        }
        final RecoveryException refused = assertThrows(RecoveryException.class, () -> Engine.start(config()));
        assertTrue(refused.getMessage().contains("is empty but"), refused.getMessage());
        assertEquals(1, SnapshotStore.open(data.resolve("snapshots")).list().size(), "the snapshot stays in use");
    }

    @Test
    void shouldFallBackFromASnapshotThatDoesNotRestoreToItsStateHash() throws Exception
    {
        final long hash = writeJournal(true);
        final SnapshotStore store = SnapshotStore.open(data.resolve("snapshots"));
        final SnapshotStore.LoadResult newest = store.loadNewestValid();
        // A checksum that verifies over a wrong hash: what a writer's bug would produce.
        store.write(COMMANDS, newest.snapshot().get().stateHash() ^ 1, newest.state());

        try (Engine engine = Engine.start(config()))
        {
            assertEquals(0, engine.recovery().snapshotSequence());
            assertEquals(COMMANDS, engine.recovery().replayedCommands());
            assertEquals(hash, engine.recovery().logic().stateHash());
            assertEquals(1, engine.recovery().skippedSnapshots().size());
            assertTrue(engine.recovery().skippedSnapshots().get(0).reason().contains("restores to state hash"),
                engine.recovery().skippedSnapshots().get(0).reason());
        }
    }

    @Test
    void shouldRefuseASecondEngineOnTheSameDataDirectory() throws Exception
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine first = Engine.start(config(), output))
        {
            assertThrows(JournalLock.JournalInUseException.class, () -> Engine.start(config()));
            EngineTest.submitFlow(first, 1, 1);
            output.await(event -> event.contains("sequence=1 "));
        }
        try (Engine again = Engine.start(config().snapshotOnClose(false)))
        {
            assertEquals(1, again.recovery().lastSequence(), "the refused start wrote nothing");
        }
    }

    @Test
    void shouldForgetASkippedCommandThatTheJournalLost() throws Exception
    {
        // The journal ends at 400; an older version's skipped-commands file, forced, names 401, which the journal lost.
        writeJournal(false);
        Files.writeString(journal().resolve(SkippedCommands.FILE_NAME), (COMMANDS + 1) + "\n");
        final RecordingOutput output = new RecordingOutput();
        final long liveHash;
        try (Engine engine = Engine.start(config().snapshotOnClose(false), output))
        {
            assertEquals(List.of(), SkippedCommands.read(journal()), "retired");
            assertEquals(List.of(), JournaledSkips.read(journal()), "and not journaled");
            final Command command = new CommandFlow(7).next(new Command());
            EngineTest.submit(engine, command);
            output.await(event -> event.contains("sequence=" + (COMMANDS + 1) + " "));
            liveHash = engine.shutdown();
        }
        try (Engine engine = Engine.start(config().snapshotOnClose(false)))
        {
            assertEquals(List.of(), engine.recovery().skippedCommands());
            assertEquals(liveHash, engine.recovery().logic().stateHash(), "the new 401 is replayed, not skipped");
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

    @Test
    void shouldRepeatTheFirstOutcomeOfAMovementIdAfterARestartFromASnapshotAndAfterAJournalReplay() throws Exception
    {
        final Command command = new Command();
        final RecordingOutput first = new RecordingOutput();
        try (Engine engine = Engine.start(config(), first))
        {
            EngineTest.submit(engine, command.reset().type(CommandType.ADD_ASSET).assetId(1).scale(2));
            EngineTest.submit(engine, command.reset().type(CommandType.OPEN_ACCOUNT).accountId(1));
            EngineTest.submit(engine, deposit(command, 10, 7));
            EngineTest.submit(engine, withdraw(command, 1_000, 8));
            first.await(event -> event.contains("sequence=4 "));
            engine.shutdown();
        }
        final List<String> firstOutcomes = List.of(
            "ADMIN_DONE commandType=DEPOSIT accountId=1 assetId=1 amount=10 movementId=7",
            "ADMIN_REJECTED commandType=WITHDRAW accountId=1 rejectReason=INSUFFICIENT_FUNDS assetId=1 amount=1000 " +
                "movementId=8");

        // Restored from the snapshot taken at the stop; then again from the journal alone.
        for (final boolean fromSnapshot : new boolean[] {true, false})
        {
            if (!fromSnapshot)
            {
                deleteSnapshots();
            }
            final RecordingOutput output = new RecordingOutput();
            try (Engine engine = Engine.start(config().snapshotOnClose(false), output))
            {
                assertEquals(fromSnapshot ? 4 : 0, engine.recovery().snapshotSequence());
                EngineTest.submit(engine, deposit(command, 99, 7));
                EngineTest.submit(engine, withdraw(command, 5, 8));
                output.await(event -> event.contains("movementId=8"));
                assertEquals(firstOutcomes, output.events().stream()
                    .map(event -> event.replaceAll(" (sequence|timestamp)=\\d+", "")).toList(),
                    "restored from a snapshot: " + fromSnapshot);
            }
        }
    }

    private static Command deposit(final Command command, final long amount, final long movementId)
    {
        return command.reset().type(CommandType.DEPOSIT).accountId(1).assetId(1).amount(amount).movementId(movementId);
    }

    private static Command withdraw(final Command command, final long amount, final long movementId)
    {
        return command.reset().type(CommandType.WITHDRAW).accountId(1).assetId(1).amount(amount)
            .movementId(movementId);
    }

    private long writeJournal(final boolean snapshotOnClose) throws InterruptedException
    {
        final RecordingOutput output = new RecordingOutput();
        try (Engine engine = Engine.start(config().snapshotOnClose(snapshotOnClose), output))
        {
            EngineTest.submitFlow(engine, 1, COMMANDS);
            output.await(event -> event.contains("sequence=" + COMMANDS + " "));
            return engine.shutdown();
        }
    }

    private void deleteSnapshots() throws IOException
    {
        try (Stream<Path> snapshots = Files.list(data.resolve("snapshots")))
        {
            for (final Path snapshot : snapshots.toList())
            {
                Files.delete(snapshot);
            }
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
