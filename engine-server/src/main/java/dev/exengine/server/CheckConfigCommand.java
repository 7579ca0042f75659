package dev.exengine.server;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/engine check-config}: checks a configuration as a start reads it, without starting anything.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
    description = {"Checks a configuration without starting anything: every key known (a misspelt one is named " +
        "with the nearest known key), every value readable and in range, the users' password lines, the starting " +
        "market's commands, the logging file; the options override the file as they do for the server.",
        "With --start-checks, also what a start checks before it creates or changes anything: the data directory " +
            "(or the directory it is to be made in) writable and every listen port free on this machine now."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the configuration is valid (with --start-checks: and a node could start with it here now)",
        "1:it is valid, but --start-checks found what stops a start: a port taken, the data directory not writable",
        "2:it is not valid: the message names the option or key, and the file and line"})
final class CheckConfigCommand implements Callable<Integer>
{
    @CommandLine.Mixin
    private final EngineMain.SettingsOptions options = new EngineMain.SettingsOptions();

    @Option(names = "--start-checks", description = "Also check the data directory and the listen ports as a start " +
        "would.")
    boolean startChecks;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        final ServerSettings settings = options.settings().validate();
        if (startChecks)
        {
            StartChecks.run(settings);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Path file = settings.values().file();
        out.println((file == null ? "the embedded defaults" : file.toString()) + ": valid" +
            (startChecks ? "; a node can start with it here now" : ""));
        final Map<String, String> changes = settings.changes();
        out.println("  differs from the defaults in " + changes.size() + " key(s)" + (changes.isEmpty() ? "" : ":"));
        changes.forEach((key, value) -> out.println("    " + key + " = " + value));
        out.println("  data directory: " + settings.dataDirectory().toAbsolutePath());
        for (final Map.Entry<String, InetSocketAddress> listen : settings.listenAddresses().entrySet())
        {
            out.println("  listens on " + listen.getValue().getHostString() + ":" + listen.getValue().getPort() +
                " (" + listen.getKey() + ")");
        }
        out.flush();
        return 0;
    }
}
