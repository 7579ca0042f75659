package dev.exengine.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bin/engine backup --to DIR}: an online backup of the node whose data directory the configuration names
 * ({@link OnlineBackup}), taken from beside it on the same machine while it runs.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {"Backs up a node's data directory (--data, or the data key of --config) into a new directory, " +
        "while the node runs: consistent to one journal sequence across the journal, the snapshots and the users' " +
        "stored streams, holes of sparse files kept as holes, every file forced to the device. The directory " +
        "appears only once complete (it is written as DIR.partial first).",
        "Check it with `bin/replay-tool verify DIR`; restore by starting a node on it (`bin/engine server --data " +
            "DIR`, or move it where the data directory goes). README, \"Backups\"."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the backup is complete", "1:it failed (see the message; DIR.partial is left for a look)",
        "2:usage error: no journal in the data directory, DIR exists already"})
final class BackupCommand implements Callable<Integer>
{
    @CommandLine.Mixin
    private final EngineMain.SettingsOptions options = new EngineMain.SettingsOptions();

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The new directory to write the " +
        "backup into; it must not exist.")
    Path to;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        final Path data = options.settings().dataDirectory();
        final OnlineBackup.Result backup = OnlineBackup.take(data, to);
        final PrintWriter out = spec.commandLine().getOut();
        out.printf("backed up %s into %s at journal sequence %d: %d snapshot(s), %d user stream(s) of %d message(s) " +
            "in all%n", data.toAbsolutePath(), backup.directory().toAbsolutePath(), backup.journalSequence(),
            backup.snapshots(), backup.streams(), backup.streamMessages());
        out.printf("check it: bin/replay-tool verify %s%n", backup.directory());
        out.flush();
        return 0;
    }
}
