package dev.exengine.tool;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.journal.JournalLock;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.replay.ReplayResult;
import org.agrona.ExpandableArrayBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Writes a snapshot offline. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    header = "Writes a snapshot offline from the journal, so that the engine restarts faster.",
    description = {"Replays the journal (from the newest valid snapshot, or --from-scratch) and writes a snapshot",
        "of the state at its last sequence into the snapshot directory, so that the engine restarts faster.",
        "The journal is only read. The snapshot is written atomically (temporary file, fsync, rename) and is",
        "consistent with the journal up to its sequence, but run this with the engine stopped: the engine writes",
        "and prunes snapshots in the same directory. It refuses when a snapshot is being written, while an engine",
        "holds the journal's lock, and (unless --force) when a journal file changed in the last " +
            JournalLocation.ACTIVE_SECONDS + " seconds."})
final class SnapshotCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    Reporting reporting;

    @Option(names = "--from-scratch", description = "Replay the whole journal instead of starting from the newest snapshot.")
    boolean fromScratch;

    @Mixin
    EngineStoppedCheck engineStopped;

    @Override
    public Integer call()
    {
        final JournalLocation location = journal.location();
        final Path target = location.snapshotTarget();
        final PrintWriter out = spec.commandLine().getOut();
        Snapshots.refuseWhileWriting(target);
        try (JournalLock ignored = engineStopped.holdJournal(location,
            "it writes and prunes snapshots in the same directory"))
        {
            return writeSnapshot(location, target, out);
        }
    }

    private int writeSnapshot(final JournalLocation location, final Path target, final PrintWriter out)
    {
        final Optional<Path> source = fromScratch || !Files.isDirectory(target) ? Optional.empty() : Optional.of(target);
        final ReplayResult result = Replays.run(location, source, Long.MAX_VALUE, Long.MAX_VALUE, null, reporting,
            spec.commandLine().getErr(), "snapshot: replayed");
        if (result.lastSequence() == 0)
        {
            out.println("the journal is empty: nothing to snapshot");
            return ExitCodes.OK;
        }
        for (final SnapshotStore.SnapshotInfo existing : Snapshots.list(Optional.of(target).filter(Files::isDirectory)))
        {
            if (existing.valid() && existing.journalSequence() == result.lastSequence())
            {
                out.printf("a valid snapshot at sequence %d exists already: %s%n", existing.journalSequence(), existing.path());
                return ExitCodes.OK;
            }
        }
        final BusinessLogicProcessor logic = result.logic();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64 * 1024);
        final int length = logic.writeSnapshot(buffer, 0);
        final long hash = logic.stateHash();
        final Path written = Snapshots.open(target).write(result.lastSequence(), hash, ByteBuffer.wrap(buffer.byteArray(), 0, length));
        out.printf("wrote       %s%n", written);
        out.printf("sequence    %d%n", result.lastSequence());
        out.printf("state hash  %s%n", Snapshots.hex(hash));
        out.printf("state       %d bytes%n", length);
        return ExitCodes.OK;
    }
}
