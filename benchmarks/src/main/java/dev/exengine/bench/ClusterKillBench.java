package dev.exengine.bench;

import dev.exengine.bench.e2e.BenchMarket;
import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.cluster.ClusterSettings;
import dev.exengine.cluster.MemberStatus;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.server.EngineMain;
import dev.exengine.server.ServerSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Failover as an operator meets it: three members as three JVMs ({@code EngineMain cluster --member N}, as
 * {@code bin/engine cluster} runs them), a client sending orders through a follower's gateway, one at a time, and the
 * leader's JVM killed with SIGKILL, N times. Each kill's figure: from the kill to the answer of an order sent right
 * after it (the gateway resends it to the new leader). The killed member is started again at once and caught up
 * (every member at the same commit position) before the next kill. A new leadership term during the steady second
 * before a kill is an election nothing failed for, and is counted (a longer watch: {@link ClusterSteadyBench}).
 * The cluster's own defaults, each overridable with {@code -Dcluster.KEY=VALUE} (e.g.
 * {@code -Dcluster.heartbeat-timeout-ms=500}).
 *
 * <pre>java FLAGS [-Dcluster.KEY=VALUE] -cp JAR dev.exengine.bench.ClusterKillBench [kills]</pre>
 */
public final class ClusterKillBench
{
    private static final String READY = "serves clients on /";
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long ACCOUNT = BenchMarket.account(0);
    private static final int MEMBERS = 3;

    private final Path dir = TempDirectory.create("cluster-kill-bench");
    private final Path config = dir.resolve("engine.properties");
    private final Member[] members = new Member[MEMBERS];
    private final Answers answers = new Answers();
    private long nextOrderId;

    public static void main(final String[] args) throws Exception
    {
        final int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        final ClusterKillBench bench = new ClusterKillBench();
        try
        {
            bench.run(kills);
        }
        finally
        {
            bench.close();
        }
    }

    private void run(final int kills) throws Exception
    {
        final Properties keys = configuration();
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8))
        {
            keys.store(writer, "ClusterKillBench");
        }
        System.out.printf("ClusterKillBench: %d kills; heartbeat interval/timeout %s/%s ms, election timeout %s ms; " +
            "load %s%n", kills, keys.getProperty("cluster.heartbeat-interval-ms", "default"),
            keys.getProperty("cluster.heartbeat-timeout-ms", "default"),
            keys.getProperty("cluster.election-timeout-ms", "default"), loadAverage());
        final Thread[] starting = new Thread[MEMBERS];
        for (int i = 0; i < MEMBERS; i++)
        {
            final int id = i;
            starting[i] = new Thread(() -> members[id] = Member.start(config, id), "start-" + i);
            starting[i].start();
        }
        for (final Thread thread : starting)
        {
            thread.join();
        }
        for (final Member member : members)
        {
            if (member == null)
            {
                throw new IllegalStateException("a member did not start");
            }
        }
        final ExchangeClient client = new ExchangeClient(answers).reconnectDelayMillis(50).serverTimeoutMillis(5_000);
        try
        {
            final long[] millis = new long[kills];
            long spurious = 0;
            for (int kill = 0; kill < kills; kill++)
            {
                final int leader = awaitLeader();
                onAFollowersGateway(client, leader);
                final long termBefore = highestTerm();
                // A second of orders, one at a time, before the kill: the cluster and the client at work.
                final long steadyUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() - steadyUntil < 0)
                {
                    awaitAnswer(client, send(client));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                }
                // A new term while nothing was killed is an election that no failure called for.
                spurious += highestTerm() - termBefore;
                final long killedAt = System.nanoTime();
                members[leader].kill();
                final long order = send(client);
                awaitAnswer(client, order);
                millis[kill] = TimeUnit.NANOSECONDS.toMillis(answers.answeredAt - killedAt);
                System.out.printf("kill %2d: member %d (leader), %,d ms to the next order answered%n", kill + 1,
                    leader, millis[kill]);
                members[leader] = Member.start(config, leader);
                awaitSameCommitPosition(client);
            }
            final long[] sorted = millis.clone();
            Arrays.sort(sorted);
            System.out.printf("failover over %d kills: p50 %,d ms, min %,d ms, max %,d ms; new terms in the steady " +
                "second before each kill (elections nothing failed for): %d; orders answered %,d (twice: %d); load %s%n", kills, sorted[kills / 2], sorted[0],
                sorted[kills - 1], spurious, answers.answered, answers.twice, loadAverage());
            System.out.println("in order (ms): " + Arrays.toString(millis));
        }
        finally
        {
            client.close();
        }
    }

    private Properties configuration()
    {
        // engine-bench's trader and market: one user trading one funded account on instrument 1.
        final Properties keys = BenchMarket.tradersAndMarket(1);
        keys.setProperty("data", dir.resolve("data").toString());
        keys.setProperty("gateway.commands-per-second", "1000000");
        keys.setProperty("gateway.command-burst", "1000000");
        keys.setProperty("cluster.name", "killbench" + ProcessHandle.current().pid());
        keys.setProperty("cluster.port-base", "21700");
        keys.setProperty("cluster.listen", "127.0.0.1:0,127.0.0.1:0,127.0.0.1:0");
        keys.setProperty("cluster.admin-listen", "127.0.0.1:0,127.0.0.1:0,127.0.0.1:0");
        // Small terms and segments: the machine's memory is shared by three members.
        keys.setProperty("cluster.log-term-length", "1m");
        keys.setProperty("cluster.archive-segment-length", "8m");
        keys.setProperty("cluster.snapshot-every", "0");
        for (final String name : System.getProperties().stringPropertyNames())
        {
            if (name.startsWith("cluster."))
            {
                keys.setProperty(name, System.getProperty(name));
            }
        }
        return keys;
    }

    /** An IOC buy far below any seller: accepted, then canceled; one answer per order. */
    private long send(final ExchangeClient client) throws IOException
    {
        final long id = ++nextOrderId;
        client.newOrder(ACCOUNT, BenchMarket.INSTRUMENT, id, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, false,
            BenchMarket.BUY_PRICE, BenchMarket.QUANTITY);
        return id;
    }

    private void awaitAnswer(final ExchangeClient client, final long orderId)
    {
        pollUntil("order " + orderId + " answered", () -> answers.last >= orderId, client);
    }

    /** Moves the client to a gateway of a member that does not lead, when it is on the leader's. */
    private void onAFollowersGateway(final ExchangeClient client, final int leader) throws IOException
    {
        final List<InetSocketAddress> followersFirst = new ArrayList<>();
        for (int i = 1; i <= MEMBERS; i++)
        {
            followersFirst.add(members[(leader + i) % MEMBERS].gateway);
        }
        if (client.isLoggedIn() && !client.address().equals(members[leader].gateway))
        {
            return;
        }
        final long next = client.isLoggedIn() ? client.nextSequence() : 1;
        client.disconnect();
        client.connect(followersFirst);
        if (!client.login(BenchMarket.user(0), BenchMarket.password(0), "", next))
        {
            throw new IllegalStateException("login refused: " + client.loginRejectReason() + " " + client.failure());
        }
    }

    private int awaitLeader()
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() - deadline < 0)
        {
            for (int i = 0; i < MEMBERS; i++)
            {
                final MemberStatus status = members[i].status();
                if (status != null && "LEADER".equals(status.role()) && "CLOSED".equals(status.electionState()))
                {
                    return i;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IllegalStateException("no leader within 60 s");
    }

    private void awaitSameCommitPosition(final ExchangeClient client)
    {
        pollUntil("every member at the same commit position", () ->
        {
            final MemberStatus first = members[0].status();
            for (int i = 1; i < MEMBERS; i++)
            {
                final MemberStatus other = members[i].status();
                if (first == null || other == null || other.commitPosition() != first.commitPosition())
                {
                    return false;
                }
            }
            return true;
        }, client);
    }

    /** The newest leadership term any running member is in. */
    private long highestTerm()
    {
        long term = -1;
        for (final Member member : members)
        {
            final MemberStatus status = member.status();
            term = status == null ? term : Math.max(term, status.leadershipTermId());
        }
        return term;
    }

    private static void pollUntil(final String what, final BooleanSupplier condition, final ExchangeClient client)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("not within 60 s: " + what);
            }
            try
            {
                if (client.poll() == 0)
                {
                    // Two cores host three members: a client that spins would starve them.
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    private static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
        }
        catch (final IOException ex)
        {
            return "?";
        }
    }

    private void close()
    {
        for (final Member member : members)
        {
            if (member != null)
            {
                member.kill();
            }
        }
        TempDirectory.delete(dir);
    }

    /** The answers to the client's orders: the newest order answered, when, and any order answered twice. */
    private static final class Answers implements ExchangeListener
    {
        long last;
        long answeredAt;
        long answered;
        long twice;

        @Override
        public void onOrderAccepted(final long sequence, final Event event)
        {
            answer(event.clientOrderId());
        }

        @Override
        public void onOrderRejected(final long sequence, final Event event)
        {
            answer(event.clientOrderId());
        }

        private void answer(final long clientOrderId)
        {
            if (clientOrderId <= last)
            {
                twice++;
                return;
            }
            last = clientOrderId;
            answeredAt = System.nanoTime();
            answered++;
        }
    }

    /** A member in a JVM of its own, as {@code bin/engine cluster --member N} runs it; killed with SIGKILL. */
    private static final class Member
    {
        private final Process process;
        private final String aeronDirectory;
        private final List<String> output = new CopyOnWriteArrayList<>();
        private InetSocketAddress gateway;

        private Member(final Process process, final String aeronDirectory)
        {
            this.process = process;
            this.aeronDirectory = aeronDirectory;
        }

        static Member start(final Path config, final int id)
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
            {
                if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
                {
                    command.add(argument);
                }
            }
            command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"),
                EngineMain.class.getName(), "cluster", "--config", config.toString(), "--member", String.valueOf(id)));
            final Properties member = new Properties();
            member.setProperty("cluster.member-id", String.valueOf(id));
            final String aeron = ClusterSettings.load(ServerSettings.load(config, member).configuration())
                .aeronDirectory();
            final Member started;
            try
            {
                started = new Member(new ProcessBuilder(command).redirectErrorStream(true).start(), aeron);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot start member " + id, ex);
            }
            try
            {
                started.awaitReady(id);
            }
            catch (final RuntimeException ex)
            {
                // A member that did not start is not left running.
                started.kill();
                throw ex;
            }
            return started;
        }

        private void awaitReady(final int id)
        {
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
                {
                    String line;
                    while ((line = lines.readLine()) != null)
                    {
                        output.add(line);
                    }
                }
                catch (final IOException ex)
                {
                    output.add("(output ended: " + ex + ")");
                }
            }, "member-" + id + "-output");
            reader.setDaemon(true);
            reader.start();
            final long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (gateway == null)
            {
                for (final String line : output)
                {
                    final int at = line.indexOf(READY);
                    if (at >= 0)
                    {
                        final String address = line.substring(at + READY.length(), line.indexOf(", session", at));
                        final int colon = address.lastIndexOf(':');
                        gateway = new InetSocketAddress(address.substring(0, colon),
                            Integer.parseInt(address.substring(colon + 1)));
                    }
                }
                if (gateway == null && (!process.isAlive() || System.nanoTime() - deadline > 0))
                {
                    throw new IllegalStateException("member " + id + " did not start:\n" + String.join("\n", output));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }

        MemberStatus status()
        {
            try
            {
                return process.isAlive() ? MemberStatus.read(aeronDirectory) : null;
            }
            catch (final IllegalStateException ex)
            {
                return null;
            }
        }

        void kill()
        {
            process.destroyForcibly();
            try
            {
                if (!process.waitFor(60, TimeUnit.SECONDS))
                {
                    throw new IllegalStateException("a member outlived SIGKILL by 60 s");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
    }
}
