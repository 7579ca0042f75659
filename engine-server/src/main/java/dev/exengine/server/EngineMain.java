package dev.exengine.server;

import dev.exengine.gateway.user.HashPassword;
import dev.exengine.logging.LoggingDefaults;
import dev.exengine.replication.AdminRequest;
import dev.exengine.journal.ProductVersion;
import dev.exengine.protocol.sbe.MessageHeaderEncoder;
import dev.exengine.server.config.Overrides;
import dev.exengine.server.demo.TcpDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's launcher. Without a subcommand: the demo (server on localhost plus a client that trades over TCP).
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description = "The exchange engine: journaled, deterministic, served over SoupBinTCP + SBE.%n" +
        "Without a subcommand it runs the demo.",
    subcommands = {EngineMain.Demo.class, EngineMain.Server.class, CheckConfigCommand.class, BackupCommand.class,
        EngineMain.HashPasswordCommand.class, EngineMain.Skip.class, ReplicationCommands.Status.class,
        ReplicationCommands.Promote.class, ReplicationCommands.SetAsideTail.class, MonitoringCommands.Stat.class,
        MonitoringCommands.Health.class, EngineMain.JvmOptions.class, ClusterCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done; for the server, stopped by SIGTERM or SIGINT after a clean drain",
        "1:the engine or the gateway failed (see the log), or the node cannot start here: a port taken, the data " +
            "directory not writable (nothing in it was created or changed)",
        "2:usage or configuration error (the message names the option or key, and the file and line)",
        "129:the server stopped by SIGHUP (drained all the same)"})
public final class EngineMain implements Callable<Integer>
{
    /** Options every way of running the engine shares (a picocli mixin); each maps to a configuration key. */
    static final class SettingsOptions
    {
        @Option(names = "--config", description = "Configuration file (properties); keys as in the embedded " +
            "engine-default.properties.")
        Path config;

        @Option(names = "--listen", description = "HOST:PORT to accept clients on (key: listen).")
        String listen;

        @Option(names = "--market-data-listen", description = "HOST:PORT of the market-data feed, or off " +
            "(key: market-data.listen).")
        String marketDataListen;

        @Option(names = "--data", description = "Data directory: journal/, snapshots/, gateway/, market-data/ " +
            "(key: data).")
        String data;

        @Option(names = "--durability", description = "memory | process | fsync | replicated (key: durability).")
        String durability;

        @Option(names = "--pipeline", description = "inline | serial | parallel (key: pipeline).")
        String pipeline;

        @Option(names = "--wait", description = "balanced | low_latency | low_cpu (key: wait).")
        String wait;

        @Option(names = "--threads", description = "auto | shared | separate: the gateway's thread runs the engine " +
            "too, or the engine has threads of its own (key: threads).")
        String threads;

        @Option(names = "--snapshot-every", description = "Snapshot every N commands, 0 = never (key: snapshot.every).")
        String snapshotEvery;

        @Option(names = "--standby-of", description = "Start as a standby of the primary whose replication port is " +
            "HOST:PORT (keys: role = STANDBY, replication.primary).")
        String standbyOf;

        @Option(names = "--replication-listen", description = "HOST:PORT of this node's replication port: standbys " +
            "follow a primary there, operators ask its status or promote it (key: replication.listen).")
        String replicationListen;

        @Option(names = "--logging-config", description = "Logging configuration file: levels, text or JSON " +
            "lines, the audit log's rates (packaging/logging.properties documents it; key: logging.config).")
        String loggingConfig;

        @Option(names = "--admin-listen", description = "HOST:PORT of the admin HTTP endpoint (/health/live, " +
            "/health/ready, /metrics), or off (key: admin.listen).")
        String adminListen;

        /**
         * The demo listens on free ports and has no admin endpoint unless told otherwise, so that it runs beside a
         * real server.
         */
        ServerSettings demoSettings()
        {
            if (listen == null)
            {
                listen = "127.0.0.1:0";
            }
            if (marketDataListen == null)
            {
                marketDataListen = "127.0.0.1:0";
            }
            if (adminListen == null)
            {
                adminListen = "off";
            }
            return nodeSettings();
        }

        ServerSettings settings()
        {
            final Overrides overrides = new Overrides()
                .set("listen", listen, "--listen")
                .set("market-data.listen", marketDataListen, "--market-data-listen")
                .set("data", data, "--data")
                .set("durability", durability, "--durability")
                .set("pipeline", pipeline, "--pipeline")
                .set("wait", wait, "--wait")
                .set("threads", threads, "--threads")
                .set("snapshot.every", snapshotEvery, "--snapshot-every")
                .set("replication.listen", replicationListen, "--replication-listen")
                .set("logging.config", loggingConfig, "--logging-config")
                .set("admin.listen", adminListen, "--admin-listen");
            if (standbyOf != null)
            {
                overrides.set("role", "STANDBY", "--standby-of").set("replication.primary", standbyOf, "--standby-of");
            }
            return ServerSettings.load(config, overrides);
        }

        /** The settings of a program that runs a node: its logging configured as they say, once they are read. */
        ServerSettings nodeSettings()
        {
            final ServerSettings settings = settings();
            final Properties logging = settings.loggingConfiguration();
            if (logging != null)
            {
                LoggingDefaults.apply(logging, settings.loggingConfigurationFile().toString());
            }
            return settings;
        }
    }

    @CommandLine.Mixin
    private final SettingsOptions options = new SettingsOptions();

    public static void main(final String[] args)
    {
        LoggingDefaults.apply();
        System.exit(commandLine().execute(args));
    }

    /** The launcher with its version and error handling; tests run it in-process. */
    static CommandLine commandLine()
    {
        final CommandLine commandLine = new CommandLine(new EngineMain());
        final String[] version = versionLines("engine");
        commandLine.getCommandSpec().version(version);
        commandLine.getSubcommands().values().forEach(command -> command.getCommandSpec().version(version));
        return commandLine.setExecutionExceptionHandler(EngineMain::onFailure);
    }

    /** What {@code -V} prints for a program on the engine's classes: bin/engine and bin/engine-bench. */
    public static String[] versionLines(final String program)
    {
        return ProductVersion.lines(program, MessageHeaderEncoder.SCHEMA_ID, MessageHeaderEncoder.SCHEMA_VERSION);
    }

    @Override
    public Integer call() throws IOException
    {
        return runDemo(options.demoSettings());
    }

    static int runDemo(final ServerSettings settings) throws IOException
    {
        try (Node server = Node.start(settings))
        {
            new TcpDemo(System.out).run(server.address(), server.sessionId(),
                server.marketData() == null ? null : server.marketData().localAddress());
            System.out.printf("state hash %016x after a clean shutdown (drained, snapshot taken)%n", server.shutdown());
        }
        return 0;
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts the server (listening on port 0 unless --listen is given), trades over TCP as the " +
            "demo users alice and bob, prints what they receive, the balances, the book and the state hash, " +
            "and shuts down.")
    static final class Demo implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final SettingsOptions options = new SettingsOptions();

        @Override
        public Integer call() throws IOException
        {
            return runDemo(options.demoSettings());
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true,
        description = "Runs the engine and its TCP gateway until SIGTERM or Ctrl-C, then stops accepting, drains, " +
            "takes a snapshot, closes and exits 0.")
    static final class Server implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final SettingsOptions options = new SettingsOptions();

        @Option(names = "--new-session", description = "End the SoupBinTCP session once the gateway has stored " +
            "everything the journal owes it, move its streams to DATA/gateway/sessions/ID/ and start a new session " +
            "(new id, every stream from 1): how an operator keeps the stored streams from growing forever.")
        boolean newSession;

        @Override
        public Integer call() throws InterruptedException
        {
            final ServerSettings settings = options.nodeSettings();
            final AtomicReference<Node> running = new AtomicReference<>();
            final CountDownLatch startFinished = new CountDownLatch(1);
            final CountDownLatch stopRequested = new CountDownLatch(1);
            final AtomicBoolean hashPrinted = new AtomicBoolean();
            // SIGTERM (systemd, docker stop) and SIGINT (Ctrl-C) ask for a stop: the node drains below and the process
            // exits 0, where the JVM's own handling would exit 143 or 130. Taken before the start, so that one arriving
            // mid-start stops the node once it is up.
            Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
            Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
            // Any other end of the JVM (SIGHUP, an exit elsewhere) drains in a hook, and exits as the JVM does.
            Runtime.getRuntime().addShutdownHook(new Thread(() ->
            {
                awaitUninterruptibly(startFinished);
                final Node server = running.get();
                if (server != null)
                {
                    stop(server, hashPrinted);
                }
            }, "engine-shutdown"));
            final Node server;
            try
            {
                server = Node.start(settings, newSession);
                running.set(server);
            }
            finally
            {
                startFinished.countDown();
            }
            final AtomicReference<Throwable> gatewayFailure = new AtomicReference<>();
            final Thread gatewayWatch = new Thread(() ->
            {
                try
                {
                    gatewayFailure.set(server.awaitGatewayStop());
                    stopRequested.countDown();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "engine-gateway-watch");
            gatewayWatch.setDaemon(true);
            gatewayWatch.start();
            stopRequested.await();
            if (gatewayFailure.get() != null)
            {
                // A supervisor restarts the node; the stop below still drains, snapshots and closes the engine.
                System.err.println("the gateway failed (" + gatewayFailure.get() + "): stopping");
            }
            stop(server, hashPrinted);
            return gatewayFailure.get() == null ? 0 : 1;
        }

        /** Stops the node, or waits until the stop under way is done; the final hash is printed once. */
        private static void stop(final Node server, final AtomicBoolean hashPrinted)
        {
            final long hash = server.shutdown();
            if (hashPrinted.compareAndSet(false, true))
            {
                System.err.printf("stopping: final state hash %016x%n", hash);
            }
        }

        private static void awaitUninterruptibly(final CountDownLatch latch)
        {
            boolean interrupted = false;
            while (latch.getCount() > 0)
            {
                try
                {
                    latch.await();
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Reads a password without echo and prints the user.NAME.password line for the configuration.")
    static final class HashPasswordCommand implements Callable<Integer>
    {
        @Parameters(index = "0", description = "User name (SoupBinTCP: at most 6 characters).")
        String user;

        @Override
        public Integer call() throws Exception
        {
            HashPassword.main(new String[] {user});
            return 0;
        }
    }

    @Command(name = "skip", mixinStandardHelpOptions = true,
        description = "With the engine stopped: journals a SKIP_COMMAND record, so that the command at SEQUENCE is " +
            "left out of the state from now on, by every start and replay (what a start that refused a failing " +
            "command asks for, when the operator decides to leave it out).")
    static final class Skip implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final SettingsOptions options = new SettingsOptions();

        @Parameters(index = "0", description = "The journal sequence of the command to leave out.")
        long sequence;

        @Override
        public Integer call()
        {
            final ServerSettings settings = options.settings();
            final long journaled = JournalSkip.append(settings.engineConfig().journalDirectory(), sequence);
            System.out.printf("journaled SKIP_COMMAND at sequence %d: the command at %d is left out from now on%n",
                journaled, sequence);
            return 0;
        }
    }

    /** For bin/engine, which starts the JVM: its memory options, from the configuration (README, "Memory"). */
    @Command(name = "jvm-options", hidden = true)
    static final class JvmOptions implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final SettingsOptions options = new SettingsOptions();

        @Override
        public Integer call()
        {
            System.out.println(String.join(" ", options.settings().jvmMemoryOptions()));
            return 0;
        }
    }

    /**
     * A configuration mistake is a usage error with a message naming the key; a node that refuses or cannot be reached
     * is a failure with its reason; anything else is a failure with its trace.
     */
    private static int onFailure(final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parsed)
    {
        if (ex instanceof StartRefusedException)
        {
            commandLine.getErr().println("engine: cannot start: " + ex.getMessage());
            return 1;
        }
        if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException)
        {
            commandLine.getErr().println("engine: " + ex.getMessage());
            return 2;
        }
        if (ex instanceof AdminRequest.RefusedException || ex instanceof IOException)
        {
            commandLine.getErr().println("engine: " + ex.getMessage());
            return 1;
        }
        commandLine.getErr().println("engine: failed: " + ex);
        ex.printStackTrace(commandLine.getErr());
        return 1;
    }
}
