package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.journal.JournalCorruptedException;
import dev.exengine.journal.JournalInfo;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.JournalRecordHandler;
import dev.exengine.journal.snapshot.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Callable;

/** Checks every record and every snapshot. */
@picocli.CommandLine.Command(name = "verify", mixinStandardHelpOptions = true,
    header = "Checks checksums, gap-free sequences, decodability and snapshots; names the first bad sequence.",
    description = {"Checks every record's checksum, gap-free sequences and that every record decodes as a",
        "command, then every snapshot's checksum and that the journal holds the records it covers. Prints the",
        "first bad sequence and fails if anything is wrong: exit 4 for a corrupt record, a sequence gap or a",
        "damaged cycle file; 1 for an undecodable record, a damaged snapshot, a snapshot past the journal's",
        "end (the journal lost records the snapshot holds, or is empty beside snapshots) or (with --strict) a",
        "torn or lost tail; a summary and exit 0 when all is fine.",
        "A torn tail (unverifiable records after the last valid one) and a lost tail (bytes past it that no",
        "reader reaches, with no intact record), both left by a crash or a power loss, are reported as",
        "warnings: the engine discards them when it starts."})
final class VerifyCommand implements Callable<Integer>, JournalRecordHandler
{
    private static final String PAST_THE_END = "PAST THE JOURNAL'S END";

    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    Reporting reporting;

    @Option(names = "--strict", description = "Fail (exit 1) on a torn or lost tail too.")
    boolean strict;

    private final Command command = new Command();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private long firstSequence;
    private long lastSequence;
    private long undecodable;
    private long firstUndecodable;

    @Override
    public Integer call()
    {
        final JournalLocation location = journal.location();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final JournalInfo info = JournalInfo.read(location.journal());
        out.printf("journal     %s%n", location.journal());
        int exitCode = ExitCodes.OK;
        final ProgressMeter meter = reporting.meter(err, "verify: verified", info.recordCount());
        long records = 0;
        String failure = null;
        try (JournalReader reader = JournalReader.open(location.journal()))
        {
            try
            {
                records = JournalScan.toEnd(reader, this, meter);
            }
            catch (final JournalCorruptedException ex)
            {
                records = lastSequence == 0 ? 0 : lastSequence - firstSequence + 1;
                failure = ex.getMessage();
                out.printf("records     FAILED: first bad sequence %d (%s)%n", ex.sequence(), ex.getMessage());
                out.printf("            %s%n", records == 0 ? "no valid record before it" :
                    records + " record(s) verified before it (sequences " + firstSequence + ".." + lastSequence + ")");
                exitCode = ExitCodes.CORRUPT;
            }
            if (failure == null)
            {
                out.printf("records     %d ok%s: checksums verified, sequences gap-free%n", records,
                    records == 0 ? "" : " (sequences " + firstSequence + ".." + lastSequence + ")");
                if (reader.skippedTornRecords() > 0)
                {
                    out.printf("            %d unverifiable record(s) skipped inside the journal: a torn tail an " +
                        "engine restart superseded%n", reader.skippedTornRecords());
                }
                final long tail = info.end().unverifiableTail();
                if (tail > 0)
                {
                    out.printf("torn tail   %d unverifiable record(s) after sequence %d: left by a crash, never " +
                        "acknowledged; the engine discards them on restart%n", tail, lastSequence);
                }
                info.end().lostTail().ifPresent(lost -> out.printf("lost tail   %s: left by a power loss; the " +
                    "engine sets it aside when it starts%n", lost.describe()));
                if (strict && (tail > 0 || info.end().lostTail().isPresent()))
                {
                    failure = (tail > 0 ? "torn" : "lost") + " tail after sequence " + lastSequence;
                    exitCode = ExitCodes.FAILED;
                }
            }
        }
        meter.finish(records);
        if (undecodable > 0)
        {
            out.printf("decoding    FAILED: %d record(s) hold no command this version understands, the first at " +
                "sequence %d%n", undecodable, firstUndecodable);
            failure = failure != null ? failure : "undecodable record at sequence " + firstUndecodable;
            exitCode = exitCode != ExitCodes.OK ? exitCode : ExitCodes.FAILED;
        }
        else if (records > 0)
        {
            out.printf("decoding    %d ok%n", records);
        }
        final String snapshotFailure = verifySnapshots(location, out, info.lastSequence());
        if (snapshotFailure != null)
        {
            failure = failure != null ? failure : snapshotFailure;
            exitCode = exitCode != ExitCodes.OK ? exitCode : ExitCodes.FAILED;
        }
        if (failure != null)
        {
            out.println("FAILED");
            out.flush();
            err.println("replay-tool: verify FAILED: " + failure);
        }
        else
        {
            out.println("OK");
        }
        return exitCode;
    }

    /**
     * Checks each snapshot's checksum, and that the journal holds every record it covers: one past the journal's end
     * holds commands the journal lost (a PROCESS-mode journal after a power loss), or sits beside the wrong journal.
     *
     * @return the first problem, or null.
     */
    private String verifySnapshots(final JournalLocation location, final PrintWriter out, final long journalEnd)
    {
        if (location.snapshots().isEmpty())
        {
            out.printf("snapshots   none%n");
            return null;
        }
        int damaged = 0;
        int pastTheEnd = 0;
        String failure = null;
        final List<SnapshotStore.SnapshotInfo> snapshots = Snapshots.list(location.snapshots());
        for (final SnapshotStore.SnapshotInfo snapshot : snapshots)
        {
            if (!snapshot.valid())
            {
                damaged++;
                failure = failure != null ? failure : "damaged snapshot " + snapshot.path();
            }
            else if (snapshot.journalSequence() > journalEnd)
            {
                pastTheEnd++;
                failure = failure != null ? failure : "snapshot " + snapshot.path() + " covers sequences up to " +
                    snapshot.journalSequence() + ", past the journal's end at " + journalEnd + ": the journal lost " +
                    "records that the snapshot holds";
            }
        }
        out.printf("snapshots   %d ok%s%s%n", snapshots.size() - damaged - pastTheEnd,
            damaged == 0 ? "" : ", " + damaged + " DAMAGED", pastTheEnd == 0 ? "" : ", " + pastTheEnd + " " + PAST_THE_END);
        for (final SnapshotStore.SnapshotInfo snapshot : snapshots)
        {
            out.printf("  sequence %d  state hash %s  %s%s  %s%n", snapshot.journalSequence(),
                Snapshots.hex(snapshot.stateHash()), snapshot.valid() ? "checksum ok" : "DAMAGED",
                snapshot.valid() && snapshot.journalSequence() > journalEnd ? "  " + PAST_THE_END : "",
                snapshot.path().getFileName());
        }
        return failure;
    }

    @Override
    public void onRecord(
        final long sequence, final long timestamp, final long origin, final ByteBuffer buffer, final int offset,
        final int length)
    {
        if (firstSequence == 0)
        {
            firstSequence = sequence;
        }
        lastSequence = sequence;
        view.wrap(buffer, offset, length);
        if (CommandCodec.decode(view, 0, length, command) == CommandCodec.MALFORMED && undecodable++ == 0)
        {
            firstUndecodable = sequence;
        }
    }
}
