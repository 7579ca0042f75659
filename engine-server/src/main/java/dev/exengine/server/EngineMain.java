package dev.exengine.server;

import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import dev.exengine.server.demo.InProcessDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.logging.LogManager;

/**
 * The engine's launcher. With no arguments it runs the in-process demo on ./data.
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    version = "exengine 0.1.0",
    description = "Runs the exchange engine on a local journal. Without a subcommand: the in-process demo.",
    subcommands = {EngineMain.Demo.class})
public final class EngineMain implements Callable<Integer>
{
    /** Options every way of running the engine shares (a picocli mixin). */
    static final class EngineOptions
    {
        @Option(names = "--data", description = "Data directory: journal/ and snapshots/ (default: ${DEFAULT-VALUE}).")
        Path data = Path.of("data");

        @Option(names = "--durability", description = "When an ack may leave: ${COMPLETION-CANDIDATES} " +
            "(default: ${DEFAULT-VALUE}).")
        DurabilityMode durability = DurabilityMode.PROCESS;

        @Option(names = "--pipeline", description = "Logic beside or behind the journaller: ${COMPLETION-CANDIDATES} " +
            "(default: ${DEFAULT-VALUE}).")
        PipelineMode pipeline = PipelineMode.PARALLEL;

        @Option(names = "--wait", description = "Thread wait profile: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        WaitProfile wait = WaitProfile.BALANCED;

        @Option(names = "--snapshot-every", description = "Snapshot every N commands, 0 = never (default: ${DEFAULT-VALUE}).")
        long snapshotEvery = 1_000_000;

        EngineConfig toConfig()
        {
            return new EngineConfig().dataDirectory(data).durabilityMode(durability).pipelineMode(pipeline)
                .waitProfile(wait).snapshotEveryCommands(snapshotEvery);
        }
    }

    @CommandLine.Mixin
    private final EngineOptions options = new EngineOptions();

    public static void main(final String[] args) throws IOException
    {
        configureLogging();
        System.exit(new CommandLine(new EngineMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException
    {
        InProcessDemo.run(options.toConfig(), System.out);
        return 0;
    }

    /** One line per log record unless the operator points java.util.logging at a configuration of their own. */
    private static void configureLogging() throws IOException
    {
        if (System.getProperty("java.util.logging.config.file") == null)
        {
            try (InputStream config = EngineMain.class.getResourceAsStream("/logging.properties"))
            {
                LogManager.getLogManager().readConfiguration(config);
            }
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Sets up a demo market on first start, trades, prints trades, balances and the state hash.")
    static final class Demo implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final EngineOptions options = new EngineOptions();

        @Override
        public Integer call() throws InterruptedException
        {
            InProcessDemo.run(options.toConfig(), System.out);
            return 0;
        }
    }
}
