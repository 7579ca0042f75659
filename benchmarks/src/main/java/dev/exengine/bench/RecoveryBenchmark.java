package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.journal.CommandJournal;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replay.JournalReplay;
import dev.exengine.replay.ReplayResult;
import dev.exengine.storage.DataDirectory;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Recovery speed: writes a journal of the one-instrument {@link OrderFlow} (setup plus {@code commands} stream
 * commands, CommandCodec-encoded, appended with {@link CommandJournal} directly rather than through the engine),
 * with a snapshot of the state at 90% of the stream, then measures
 * <ol>
 *   <li>{@code JournalReplay.of(journal).run()}: replay from scratch, commands/s and time;</li>
 *   <li>{@code JournalReplay.of(journal).snapshots(dir).run()}: snapshot plus the last 10%;</li>
 *   <li>{@code Engine.start} (recovery, journal open, threads) with and without the snapshot, as a restart.</li>
 * </ol>
 * Each recovered state hash is checked against the generator's. The directory is deleted at the end, unless the third
 * argument is {@code keep}: then it stays as a data directory for the operators' tool ({@code bin/replay-tool replay
 * DIR}, {@code verify DIR}). The journal was just written, so it is in the page cache: these are warm-cache figures.
 *
 * <pre>java $FLAGS -cp benchmarks.jar dev.exengine.bench.RecoveryBenchmark [commands] [directory] [keep]</pre>
 */
public final class RecoveryBenchmark
{
    private RecoveryBenchmark()
    {
    }

    public static void main(final String[] args)
    {
        final int commands = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        final Path directory = Path.of(args.length > 1 ? args[1] : "benchmarks/target/recovery");
        final boolean keep = args.length > 2 && args[2].equals("keep");
        TempDirectory.delete(directory);
        final Path journalDirectory = directory.resolve(DataDirectory.JOURNAL);
        final Path snapshotDirectory = directory.resolve(DataDirectory.SNAPSHOTS);
        final Path noSnapshots = directory.resolve("no-snapshots");
        try
        {
            final long expectedHash = writeJournal(commands, journalDirectory, snapshotDirectory);

            final ReplayResult cold = measure("replay from scratch (first run in this JVM)",
                JournalReplay.of(journalDirectory), expectedHash);
            final ReplayResult warm = measure("replay from scratch (second run)",
                JournalReplay.of(journalDirectory), expectedHash);
            final ReplayResult fromSnapshot = measure("replay from the snapshot",
                JournalReplay.of(journalDirectory).snapshots(snapshotDirectory), expectedHash);
            restart("Engine.start without a snapshot", journalDirectory, noSnapshots, expectedHash);
            restart("Engine.start with the snapshot", journalDirectory, snapshotDirectory, expectedHash);
            System.out.printf("%nsummary: %,d records; from scratch %.2f s (%,.0f commands/s), again %.2f s " +
                "(%,.0f/s); from snapshot at %,d: %.3f s for %,d records%n", cold.replayedCommands(),
                cold.nanos() / 1e9, cold.commandsPerSecond(), warm.nanos() / 1e9, warm.commandsPerSecond(),
                fromSnapshot.snapshotSequence(), fromSnapshot.nanos() / 1e9, fromSnapshot.replayedCommands());
        }
        finally
        {
            if (keep)
            {
                TempDirectory.delete(noSnapshots);
                System.out.printf("kept %s for bin/replay-tool%n", directory);
            }
            else
            {
                TempDirectory.delete(directory);
            }
        }
    }

    private static long writeJournal(final int commands, final Path journalDirectory, final Path snapshotDirectory)
    {
        final long start = System.nanoTime();
        final OrderFlow flow = new OrderFlow(OrderFlow.Scenario.ONE_INSTRUMENT);
        final ByteBuffer payload = ByteBuffer.allocateDirect(CommandCodec.MAX_ENCODED_LENGTH);
        final UnsafeBuffer encoder = new UnsafeBuffer(payload);
        final int snapshotAt = commands / 10 * 9;
        try (CommandJournal journal = CommandJournal.open(journalDirectory, DurabilityMode.PROCESS))
        {
            final long[] timestamp = {0};
            flow.setup(command -> append(journal, encoder, payload, command, ++timestamp[0]));
            for (int i = 0; i < commands; i++)
            {
                if (i == snapshotAt)
                {
                    writeSnapshot(flow.oracle(), journal.nextSequence() - 1, snapshotDirectory);
                }
                append(journal, encoder, payload, flow.next(), ++timestamp[0]);
            }
            System.out.printf("wrote %,d journal records (%,d stream commands) in %.1f s; %s%n",
                journal.nextSequence() - 1, commands, (System.nanoTime() - start) / 1e9, flow.stats());
        }
        return flow.oracle().stateHash();
    }

    private static void append(final CommandJournal journal, final UnsafeBuffer encoder, final ByteBuffer payload,
        final Command command, final long timestamp)
    {
        final int length = CommandCodec.encode(command, encoder, 0);
        journal.append(timestamp, 1, payload, 0, length);
    }

    private static void writeSnapshot(final BusinessLogicProcessor state, final long sequence, final Path directory)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
        final int length = state.writeSnapshot(buffer, 0);
        SnapshotStore.open(directory).write(sequence, state.stateHash(), ByteBuffer.wrap(buffer.byteArray(), 0, length));
        System.out.printf("snapshot at journal sequence %,d: %,d bytes%n", sequence, length);
    }

    private static ReplayResult measure(final String what, final JournalReplay replay, final long expectedHash)
    {
        final ReplayResult result = replay.run();
        check(what, result.logic().stateHash(), expectedHash);
        System.out.printf("%s: %,d records after snapshot %,d in %.3f s = %,.0f commands/s%n", what,
            result.replayedCommands(), result.snapshotSequence(), result.nanos() / 1e9, result.commandsPerSecond());
        return result;
    }

    private static void restart(final String what, final Path journalDirectory, final Path snapshotDirectory,
        final long expectedHash)
    {
        final long start = System.nanoTime();
        final Engine engine = Engine.start(new EngineConfig().journalDirectory(journalDirectory)
            .snapshotDirectory(snapshotDirectory).snapshotEveryCommands(0).snapshotOnClose(false));
        final long started = System.nanoTime() - start;
        final ReplayResult recovery = engine.recovery();
        check(what, engine.shutdown(), expectedHash);
        System.out.printf("%s: ready in %.3f s (recovery %.3f s, %,d records replayed after snapshot %,d)%n", what,
            started / 1e9, recovery.nanos() / 1e9, recovery.replayedCommands(), recovery.snapshotSequence());
    }

    private static void check(final String what, final long hash, final long expected)
    {
        if (hash != expected)
        {
            throw new IllegalStateException(what + ": state hash " + Long.toHexString(hash) + " but the generator " +
                "ended at " + Long.toHexString(expected));
        }
    }
}
