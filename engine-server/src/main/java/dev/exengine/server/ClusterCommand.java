package dev.exengine.server;

import dev.exengine.cluster.ClusterSettings;
import dev.exengine.cluster.MemberDirectory;
import dev.exengine.cluster.MemberRefusedException;
import dev.exengine.cluster.MemberStatus;
import io.aeron.cluster.ClusterTool;
import io.aeron.cluster.ClusterToolCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bin/engine cluster}: runs one member of an Aeron Cluster with its gateway ({@link ClusterNode}), and the
 * operator's commands on a member: its status, and Aeron's ClusterTool (snapshot, list-members, recording-log...).
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Runs member --member of the cluster (keys cluster.* of the configuration; the defaults describe " +
        "three members on this machine: run --member 0, 1 and 2) with its gateway, until SIGTERM or Ctrl-C; then " +
        "stops accepting, drains and closes (the cluster goes on with the others). Its data: DATA/member-ID.",
    subcommands = {ClusterCommand.Status.class, ClusterCommand.Tool.class})
final class ClusterCommand implements Callable<Integer>
{
    /** Options every cluster command shares; each maps to a configuration key. */
    static final class MemberOptions
    {
        @Option(names = "--config", description = "Configuration file (properties): the engine's keys and the " +
            "cluster's (cluster-default.properties).")
        Path config;

        @Option(names = "--data", description = "Data directory; the member's is DATA/member-ID (key: data).")
        String data;

        @Option(names = "--member", description = "This member's id, its index in cluster.members " +
            "(key: cluster.member-id).")
        String member;

        ServerSettings settings()
        {
            final Properties overrides = new Properties();
            if (data != null)
            {
                overrides.setProperty("data", data);
            }
            if (member != null)
            {
                overrides.setProperty("cluster.member-id", member);
            }
            return ServerSettings.load(config, overrides);
        }

        ClusterSettings cluster()
        {
            return ClusterSettings.load(settings().configuration());
        }

        File clusterDirectory()
        {
            final ServerSettings settings = settings();
            final ClusterSettings cluster = ClusterSettings.load(settings.configuration());
            return MemberDirectory.of(settings.dataDirectory(), cluster.memberId()).resolve("aeron")
                .resolve("cluster").toFile();
        }
    }

    @CommandLine.Mixin
    private final MemberOptions options = new MemberOptions();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        final ServerSettings settings = options.settings();
        final CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM and SIGINT ask for a stop: the member drains below and the process exits 0.
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        final ClusterNode node;
        try
        {
            node = ClusterNode.start(settings);
        }
        catch (final MemberRefusedException ex)
        {
            spec.commandLine().getErr().println("engine: " + ex.getMessage());
            return 1;
        }
        // Any other end of the JVM (SIGHUP, an exit elsewhere) drains in a hook.
        Runtime.getRuntime().addShutdownHook(new Thread(node::shutdown, "engine-cluster-shutdown"));
        final AtomicReference<Throwable> gatewayFailure = new AtomicReference<>();
        final Thread gatewayWatch = new Thread(() ->
        {
            try
            {
                gatewayFailure.set(node.gateway().awaitStop());
                stopRequested.countDown();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "engine-cluster-gateway-watch");
        gatewayWatch.setDaemon(true);
        gatewayWatch.start();
        String problem = null;
        while (!stopRequested.await(100, TimeUnit.MILLISECONDS))
        {
            problem = node.problem();
            if (problem != null)
            {
                break;
            }
        }
        if (problem == null && gatewayFailure.get() != null)
        {
            problem = "the gateway failed: " + gatewayFailure.get();
        }
        if (problem != null)
        {
            spec.commandLine().getErr().println("engine: member stops: " + problem);
        }
        final long hash = node.shutdown();
        spec.commandLine().getErr().printf("stopping: final state hash %016x%n", hash);
        return problem == null ? 0 : 1;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints a running member's state from its counters (role, election, term, commit position, " +
            "snapshots, elections), then the members as its consensus module knows them (the leader among them). " +
            "Run it on the member's machine.")
    static final class Status implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final MemberOptions options = new MemberOptions();

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call()
        {
            final ClusterSettings cluster = options.cluster();
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
            final MemberStatus status = MemberStatus.read(cluster.aeronDirectory());
            out.printf("member %d of '%s': %s, %s, election %s, term %d, commit position %d, %d snapshots, " +
                "%d elections%n", cluster.memberId(), cluster.name(), status.moduleState(), status.role(),
                status.electionState(), status.leadershipTermId(), status.commitPosition(), status.snapshots(),
                status.elections());
            ClusterTool.listMembers(out, options.clusterDirectory());
            spec.commandLine().getOut().print(text.toString(StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "tool", mixinStandardHelpOptions = true,
        description = "Runs one of Aeron's ClusterTool commands on the member's cluster directory: describe, " +
            "list-members, is-leader, recording-log, errors, snapshot (on the leader), suspend, resume, shutdown, " +
            "abort, ... (bin/engine cluster tool --member N help lists them).")
    static final class Tool implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final MemberOptions options = new MemberOptions();

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "The ClusterTool command.")
        String command;

        @Parameters(index = "1..*", description = "Its arguments.")
        List<String> arguments = new ArrayList<>();

        @Override
        public Integer call()
        {
            final ClusterToolCommand tool = ClusterTool.commands().get(command);
            if (tool == null)
            {
                final StringBuilder help = new StringBuilder("ClusterTool commands:");
                ClusterTool.commands().forEach((name, known) -> help.append("\n  ").append(name).append(": ")
                    .append(known.describe()));
                (tool == null && !"help".equals(command) ? spec.commandLine().getErr() : spec.commandLine().getOut())
                    .println(help);
                return "help".equals(command) ? 0 : 2;
            }
            final File clusterDirectory = options.clusterDirectory();
            if (!clusterDirectory.isDirectory())
            {
                spec.commandLine().getErr().println("engine: no member's cluster directory at " + clusterDirectory);
                return 1;
            }
            final List<String> args = new ArrayList<>(List.of(clusterDirectory.getPath(), command));
            args.addAll(arguments);
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final int status = tool.action().act(clusterDirectory, new PrintStream(text, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
            spec.commandLine().getOut().print(text.toString(StandardCharsets.UTF_8));
            spec.commandLine().getOut().flush();
            return status;
        }
    }
}
