package dev.exengine.server;

import dev.exengine.replication.AdminRequest;
import dev.exengine.replication.ReplicationMessages;
import dev.exengine.server.config.ConfigValues;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The operator's replication commands of {@code bin/engine}: a node's status, a promotion, setting a divergent journal
 * tail aside. The credential is the configuration's ({@code replication.user}, {@code replication.password}), or the
 * environment's {@code EXENGINE_REPLICATION_PASSWORD}.
 */
final class ReplicationCommands
{
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ReplicationCommands()
    {
    }

    /** The node to ask, and the credential to ask with. */
    static final class NodeOptions
    {
        @Option(names = "--node", required = true, description = "HOST:PORT of the node's replication port " +
            "(its replication.listen).")
        String node;

        @CommandLine.Mixin
        EngineMain.SettingsOptions settings = new EngineMain.SettingsOptions();

        InetSocketAddress address()
        {
            return ConfigValues.hostPort("option --node", node);
        }

        String user()
        {
            return settings.settings().replicationUser();
        }

        String password()
        {
            final String fromEnvironment = System.getenv("EXENGINE_REPLICATION_PASSWORD");
            return fromEnvironment != null ? fromEnvironment : settings.settings().replicationPassword();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "Asks a node for its replication state: role, epoch, journal end, decided, what its standby " +
            "acknowledged and how far behind it is.")
    static final class Status implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final NodeOptions options = new NodeOptions();

        @Override
        public Integer call() throws IOException
        {
            final ReplicationMessages.State state = AdminRequest.status(options.address(), options.user(),
                options.password(), TIMEOUT);
            System.out.println(state);
            return 0;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Makes a standby the primary: it stops following, decides what it holds, journals a new " +
            "epoch and takes clients. An operator's deliberate act: make sure the old primary is down (or fenced).")
    static final class Promote implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final NodeOptions options = new NodeOptions();

        @Override
        public Integer call() throws IOException
        {
            final long start = System.nanoTime();
            final ReplicationMessages.State state = AdminRequest.promote(options.address(), options.user(),
                options.password(), TIMEOUT);
            System.out.printf("promoted in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000, state);
            return 0;
        }
    }

    @Command(name = "set-aside-tail", mixinStandardHelpOptions = true,
        description = "With the node stopped: moves the journal's records from --from on, the snapshots from there " +
            "and the gateway's stored streams into DATA/diverged-<time>/ (kept, never deleted), so that the node " +
            "can rejoin as a standby of a primary whose history parted from its own at that sequence.")
    static final class SetAsideTail implements Callable<Integer>
    {
        @CommandLine.Mixin
        private final EngineMain.SettingsOptions options = new EngineMain.SettingsOptions();

        @Option(names = "--from", required = true, description = "The first sequence to set aside (where the " +
            "histories part, as the refusal to rejoin names it).")
        long from;

        @Override
        public Integer call()
        {
            final Path data = options.settings().dataDirectory();
            final Path archive = TailSetAside.setAside(data, from);
            System.out.printf("set the journal's records from %d on aside into %s; start the node as a standby%n",
                from, archive);
            return 0;
        }
    }
}
