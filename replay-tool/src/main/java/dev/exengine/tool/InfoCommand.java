package dev.exengine.tool;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandCodec;
import dev.exengine.core.command.CommandType;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.journal.JournalInfo;
import dev.exengine.journal.JournalReader;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.replay.EpochHistory;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Journal and snapshot summary. */
@picocli.CommandLine.Command(name = "info", mixinStandardHelpOptions = true,
    header = "Journal and snapshot summary: sequences, times, counts by type, cycles, snapshots.",
    description = {"Summarises a journal and its snapshots: first and last sequence and time, record count by",
        "command type, cycle files on disk, snapshots with sequence, state hash and validity, and the",
        "durability mode the engine last opened the journal with, and the journal's epochs (each promotion of a",
        "standby starts one)."})
final class InfoCommand implements Callable<Integer>
{
    private static final String UNDECODABLE = "(undecodable)";

    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    Reporting reporting;

    @Override
    public Integer call()
    {
        final JournalLocation location = journal.location();
        final PrintWriter out = spec.commandLine().getOut();
        final JournalInfo info = JournalInfo.read(location.journal());
        out.printf("journal     %s%n", location.journal());
        out.printf("durability  %s%n", info.lastDurabilityMode().map(DurabilityMode::name).orElse("unknown (no journal.meta)"));
        if (info.recordCount() == 0)
        {
            out.printf("records     0%n");
        }
        else
        {
            out.printf("records     %d (sequences %d..%d)%n", info.recordCount(), info.firstSequence(), info.lastSequence());
            out.printf("first       sequence %d at %s%n", info.firstSequence(), Timestamps.iso(info.firstTimestamp()));
            out.printf("last        sequence %d at %s%n", info.lastSequence(), Timestamps.iso(info.lastTimestamp()));
        }
        info.end().pastTheEnd().ifPresent(past ->
            out.printf("past end    %s: left by a crash or a power loss; the engine discards this when it starts%n", past));
        long cycleBytes = 0;
        for (final JournalInfo.CycleFile file : info.cycleFiles())
        {
            cycleBytes += file.size();
        }
        out.printf("cycles      %d file(s), %d bytes%n", info.cycleFiles().size(), cycleBytes);
        for (final JournalInfo.CycleFile file : info.cycleFiles())
        {
            out.printf("  %-24s %d bytes%n", file.path().getFileName(), file.size());
        }
        out.printf("snapshots   %s%n", location.snapshots().map(Object::toString).orElse("none (no snapshot directory)"));
        for (final SnapshotStore.SnapshotInfo snapshot : Snapshots.list(location.snapshots()))
        {
            out.printf("  sequence %d  state hash %s  %d bytes  %s  %s%n", snapshot.journalSequence(),
                Snapshots.hex(snapshot.stateHash()), snapshot.size(), snapshot.valid() ? "valid" : "DAMAGED",
                snapshot.path().getFileName());
        }
        out.flush();
        if (info.recordCount() > 0)
        {
            countByType(location, info, out);
        }
        return ExitCodes.OK;
    }

    private void countByType(final JournalLocation location, final JournalInfo info, final PrintWriter out)
    {
        final long[] counts = new long[CommandType.values().length + 1];
        final List<EpochHistory.Epoch> epochs = new ArrayList<>(List.of(new EpochHistory.Epoch(0, 1)));
        final Command command = new Command();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        final ProgressMeter meter = reporting.meter(spec.commandLine().getErr(), "info: counted", info.recordCount());
        final long records;
        final long torn;
        try (JournalReader reader = JournalReader.open(location.journal()))
        {
            records = JournalScan.toEnd(reader, (sequence, timestamp, origin, buffer, offset, length) ->
            {
                final CommandType type = length > 0 ? CommandType.fromCode(buffer.get(offset)) : null;
                counts[type == null ? counts.length - 1 : type.ordinal()]++;
                if (type == CommandType.START_EPOCH)
                {
                    view.wrap(buffer, offset, length);
                    if (CommandCodec.decode(view, 0, length, command) != CommandCodec.MALFORMED)
                    {
                        epochs.add(new EpochHistory.Epoch(command.epoch(), sequence));
                    }
                }
            }, meter);
            torn = reader.skippedTornRecords();
        }
        meter.finish(records);
        out.printf("commands    %d%n", records);
        for (final CommandType type : CommandType.values())
        {
            if (counts[type.ordinal()] > 0)
            {
                out.printf("  %-20s %d%n", type, counts[type.ordinal()]);
            }
        }
        if (counts[counts.length - 1] > 0)
        {
            out.printf("  %-20s %d%n", UNDECODABLE, counts[counts.length - 1]);
        }
        // A promotion (replication) starts an epoch with a START_EPOCH record; a journal that never had one is all
        // epoch 0.
        out.printf("epochs      %d:", epochs.size());
        for (final EpochHistory.Epoch epoch : epochs)
        {
            out.printf(" %d from sequence %d;", epoch.epoch(), epoch.startSequence());
        }
        out.printf("%n");
        if (torn > 0)
        {
            out.printf("torn        %d unverifiable record(s) skipped: left by a crash and superseded on restart%n", torn);
        }
    }
}
