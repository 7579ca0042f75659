package dev.exengine.tool;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.journal.snapshot.SnapshotStore;
import dev.exengine.replay.ReplayResult;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Rebuilds the state and reports it. */
@picocli.CommandLine.Command(name = "replay", mixinStandardHelpOptions = true,
    header = "Rebuilds the state; prints hash, totals with the conservation check, accounts, books.",
    description = {"Rebuilds the state from scratch (or from the newest valid snapshot) up to the end of the",
        "journal or a point, then prints the state hash and per-asset totals with the conservation check",
        "(sum of all balances = deposited - withdrawn; exit 1 if it does not hold), and optionally accounts'",
        "balances and open orders and instruments' books.",
        "--compare-snapshot replays the journal from scratch to a snapshot's sequence and checks that the",
        "state hashes agree; a divergence means non-determinism and exits 1."})
final class ReplayCommand implements Callable<Integer>
{
    private static final long NEWEST = 0;

    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    Reporting reporting;

    @Option(names = "--from-snapshot", description = "Start from the newest valid snapshot instead of from scratch.")
    boolean fromSnapshot;

    @Option(names = "--until-seq", paramLabel = "SEQ", description = "Stop after the command with this sequence.")
    long untilSequence = Long.MAX_VALUE;

    @Option(names = "--until-time", paramLabel = "TIME", converter = Timestamps.class,
        description = "Stop after the last command at or before this time (ISO-8601 UTC, a date, or epoch nanoseconds).")
    long untilTime = Long.MAX_VALUE;

    @Option(names = "--account", paramLabel = "ID", description = "Show this account's balances and open orders (repeatable).")
    List<Long> accounts = List.of();

    @Option(names = "--instrument", paramLabel = "ID", description = "Show this instrument's book (repeatable).")
    List<Integer> instruments = List.of();

    @Option(names = "--depth", paramLabel = "LEVELS", description = "Price levels per side for --instrument (1..1000, default ${DEFAULT-VALUE}).")
    int depth = 10;

    @Option(names = "--scaled", description = "Totals, balances, prices and quantities as decimals of their " +
        "assets rather than minor units.")
    boolean scaled;

    @Option(names = "--compare-snapshot", paramLabel = "SEQ", arity = "0..1", fallbackValue = "0",
        description = "Replay from scratch to this snapshot's sequence (default: the newest valid snapshot) and compare state hashes.")
    Long compareSnapshot;

    @Override
    public Integer call()
    {
        final JournalLocation location = journal.location();
        if (compareSnapshot != null)
        {
            if (fromSnapshot || untilSequence != Long.MAX_VALUE || untilTime != Long.MAX_VALUE)
            {
                throw new ParameterException(spec.commandLine(),
                    "--compare-snapshot replays from scratch to the snapshot: it excludes --from-snapshot, --until-seq and --until-time");
            }
            return compare(location);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final ReplayResult result = Replays.run(location, Replays.snapshotSource(location, fromSnapshot), untilSequence,
            untilTime, null, reporting, spec.commandLine().getErr(), "replay: replayed");
        final BusinessLogicProcessor logic = result.logic();
        out.printf("replayed    %d command(s) %s%n", result.replayedCommands(), result.snapshotSequence() == 0 ?
            "from scratch" : "after snapshot sequence " + result.snapshotSequence());
        out.printf("state at    sequence %d%s%n", result.lastSequence(),
            result.lastTimestamp() == 0 ? "" : ", " + Timestamps.iso(result.lastTimestamp()));
        out.printf("state hash  %s%n", Snapshots.hex(logic.stateHash()));
        final Scales scales = scaled ? Scales.of(logic) : null;
        final List<Integer> violations = printTotals(logic, scales, out);
        for (final long account : accounts)
        {
            out.printf("account %d%n", account);
            query(logic, new Command().type(CommandType.QUERY_BALANCES).accountId(account), out, "account " + account,
                result, scales);
            query(logic, new Command().type(CommandType.QUERY_OPEN_ORDERS).accountId(account), out,
                "account " + account, result, scales);
        }
        for (final int instrument : instruments)
        {
            out.printf("instrument %d book (%d levels per side)%n", instrument, depth);
            query(logic, new Command().type(CommandType.QUERY_DEPTH).instrumentId(instrument).levels(depth), out,
                "instrument " + instrument, result, scales);
        }
        if (!violations.isEmpty())
        {
            out.flush();
            spec.commandLine().getErr().println("replay-tool: CONSERVATION VIOLATED for asset(s) " + violations +
                " at sequence " + result.lastSequence() + ": the sum of all balances differs from deposited - " +
                "withdrawn. The state is inconsistent: stop trading, keep the journal, report it.");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    /** @return the assets whose balances do not add up. */
    private static List<Integer> printTotals(
        final BusinessLogicProcessor logic, final Scales scales, final PrintWriter out)
    {
        final List<Integer> violations = new ArrayList<>();
        out.printf("%-8s %20s %20s %20s  %s%n", "asset", "deposited", "withdrawn", "sum of balances", "conservation");
        for (final int asset : logic.assetIds())
        {
            final long expected = logic.deposited(asset) - logic.withdrawn(asset);
            final boolean holds = logic.totalBalance(asset) == expected;
            if (!holds)
            {
                violations.add(asset);
            }
            out.printf("%-8d %20s %20s %20s  %s%n", asset, amount(logic.deposited(asset), asset, scales),
                amount(logic.withdrawn(asset), asset, scales), amount(logic.totalBalance(asset), asset, scales),
                holds ? "ok" : "VIOLATED (expected " + amount(expected, asset, scales) + ")");
        }
        return violations;
    }

    private static String amount(final long units, final int asset, final Scales scales)
    {
        return scales == null ? Long.toString(units) : scales.decimal("amount", units, asset, 0, null);
    }

    /** Asks the state through the engine's own query commands; they change nothing. */
    private static void query(
        final BusinessLogicProcessor logic, final Command query, final PrintWriter out, final String what,
        final ReplayResult result, final Scales scales)
    {
        final Event copy = new Event();
        final StringBuilder line = new StringBuilder(128);
        logic.apply(query, 0, 0, event ->
        {
            if (event.type() == EventType.QUERY_REJECTED)
            {
                throw new ToolException(ExitCodes.USAGE, what + " does not exist at sequence " + result.lastSequence() +
                    " (" + event.rejectReason() + ")");
            }
            if (event.type() != EventType.QUERY_DONE)
            {
                copy.copyFrom(event).commandType(null);
                line.setLength(0);
                if (scales != null)
                {
                    CanonicalText.appendScaled(copy.toString(), scales, copy.assetId(), copy.instrumentId(), null,
                        line.append("  "));
                }
                else
                {
                    line.append("  ").append(copy);
                }
                out.println(line);
            }
        });
    }

    private int compare(final JournalLocation location)
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final SnapshotStore.SnapshotInfo snapshot = chooseSnapshot(location);
        final ByteBuffer state = Snapshots.open(snapshot.path().getParent())
            .loadNewestValidAtOrBefore(snapshot.journalSequence()).state();
        final long restored = BusinessLogicProcessor.readSnapshot(new UnsafeBuffer(state), 0, state.remaining()).stateHash();
        final ReplayResult result = Replays.run(location, Optional.empty(), snapshot.journalSequence(), Long.MAX_VALUE,
            null, reporting, err, "replay: replayed");
        if (result.lastSequence() != snapshot.journalSequence())
        {
            throw new ToolException(ExitCodes.FAILED, "the journal ends at sequence " + result.lastSequence() +
                " before snapshot " + snapshot.path() + " at sequence " + snapshot.journalSequence() +
                ": the snapshot does not belong to this journal");
        }
        final long replayed = result.logic().stateHash();
        out.printf("snapshot    sequence %d  %s%n", snapshot.journalSequence(), snapshot.path().getFileName());
        out.printf("recorded    %s  (hash the engine wrote into the snapshot)%n", Snapshots.hex(snapshot.stateHash()));
        out.printf("restored    %s  (hash of the state loaded from the snapshot)%n", Snapshots.hex(restored));
        out.printf("replayed    %s  (hash after replaying sequences 1..%d from scratch)%n", Snapshots.hex(replayed),
            snapshot.journalSequence());
        if (replayed == snapshot.stateHash() && restored == snapshot.stateHash())
        {
            out.println("AGREE");
            return ExitCodes.OK;
        }
        out.println("DIVERGE");
        out.flush();
        err.println("replay-tool: DIVERGENCE at snapshot sequence " + snapshot.journalSequence() + ": replaying the " +
            "journal gives " + Snapshots.hex(replayed) + ", the snapshot records " + Snapshots.hex(snapshot.stateHash()) +
            " and restores to " + Snapshots.hex(restored) + ". The business logic is not deterministic, or journal " +
            "and snapshot come from different engine versions: keep both files and report it.");
        return ExitCodes.FAILED;
    }

    private SnapshotStore.SnapshotInfo chooseSnapshot(final JournalLocation location)
    {
        final List<SnapshotStore.SnapshotInfo> snapshots = Snapshots.list(location.snapshots());
        if (snapshots.isEmpty())
        {
            throw new ToolException(ExitCodes.USAGE, "--compare-snapshot: no snapshot in " +
                location.snapshots().map(Object::toString).orElse("(no snapshot directory)") +
                "; pass --snapshots DIR, or write one with 'replay-tool snapshot'");
        }
        SnapshotStore.SnapshotInfo chosen = null;
        for (final SnapshotStore.SnapshotInfo snapshot : snapshots)
        {
            if (compareSnapshot == NEWEST ? snapshot.valid() : snapshot.journalSequence() == compareSnapshot)
            {
                chosen = snapshot;
            }
        }
        if (chosen == null)
        {
            final List<Long> sequences = new ArrayList<>();
            snapshots.forEach(snapshot -> sequences.add(snapshot.journalSequence()));
            throw new ToolException(compareSnapshot == NEWEST ? ExitCodes.FAILED : ExitCodes.USAGE,
                compareSnapshot == NEWEST ? "--compare-snapshot: every snapshot is damaged (run 'verify')" :
                "--compare-snapshot: no snapshot at sequence " + compareSnapshot + "; snapshots exist at " + sequences);
        }
        if (!chosen.valid())
        {
            throw new ToolException(ExitCodes.FAILED, "snapshot " + chosen.path() + " is damaged (its checksum " +
                "does not verify): it cannot be compared; delete it, the engine ignores it anyway");
        }
        return chosen;
    }
}
