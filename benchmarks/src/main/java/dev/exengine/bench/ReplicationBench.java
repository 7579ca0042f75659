package dev.exengine.bench;

import dev.exengine.client.ExchangeClient;
import dev.exengine.client.ExchangeListener;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.event.Event;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.replication.ReplicationSettings;
import dev.exengine.server.Node;
import dev.exengine.server.ServerSettings;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

/**
 * A primary and its hot standby in one process over loopback (real {@link Node}s: engine, gateway, replication port,
 * the standby's follower; journals in a scratch directory), next to the same primary without a standby, in the same
 * run, on the one-instrument flow. A command's <em>release</em> is when the primary may send its events (the client's
 * acknowledgement): durable and decided locally in {@code process} mode, and acknowledged by the standby too in
 * {@code replicated} mode.
 *
 * <ul>
 *   <li>{@code throughput [commands] [rounds]}: rounds alternating {@code process} and {@code replicated}, each on
 *   fresh nodes fed the same recorded stream as fast as the ring takes it, timed from the first submit to the release
 *   of the last command; medians and the ratio.</li>
 *   <li>{@code latency [rates] [warm-up s] [measure s]}: open loop at fixed rates (command i is due at
 *   {@code start + i / rate}; every figure is measured from that intended time, coordinated omission corrected):
 *   release in {@code process} mode, release in {@code replicated} mode, and the standby's apply (its engine decided
 *   the command), beside a raw TCP round trip in the same run.</li>
 *   <li>{@code catchup [commands]}: a journal written first, then a primary on it and a standby starting from an
 *   empty directory; records per second until the standby's engine has applied the last.</li>
 *   <li>{@code failover [times]}: the primary closed, then from {@code promote} on the standby to a client's order
 *   accepted there (connect, log in, send, ORDER_ACCEPTED).</li>
 * </ul>
 *
 * <pre>
 * java $FLAGS -cp benchmarks.jar dev.exengine.bench.ReplicationBench throughput 1000000 3
 * </pre>
 */
public final class ReplicationBench
{
    private static final long ORIGIN = 0;
    /** The threads of a catch-up (Agrona names an agent's thread after its role): the primary's shipping, the standby's link, the engines. */
    private static final String[] CATCH_UP_THREADS = {"exengine-replication", "exengine-follower", "exengine-input"};
    private static final String REPLICATION_USER = "repl";
    private static final String REPLICATION_PASSWORD = "benchpw";
    private static final PasswordHash CREDENTIAL = PasswordHash.create(REPLICATION_PASSWORD.toCharArray(), 1_000);
    private static final String TRADER = "trader";
    private static final String TRADER_PASSWORD = "traderpw";
    /** A NewOrder in its Unsequenced Data packet, the size of what a client's order costs on the wire. */
    private static final int ORDER_PACKET_BYTES = 60;
    /** How long a waiter that measures nothing parks between looks (a throughput end, a catch-up's end). */
    private static final long WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private ReplicationBench()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String what = args.length > 0 ? args[0] : "throughput";
        switch (what)
        {
            case "throughput" -> throughput(intArg(args, 1, 1_000_000), intArg(args, 2, 3));
            case "latency" ->
            {
                for (final String rate : (args.length > 1 ? args[1] : "10000,100000").split(","))
                {
                    latency(Integer.parseInt(rate), intArg(args, 2, 3), intArg(args, 3, 10));
                }
            }
            case "catchup" -> catchUp(intArg(args, 1, 2_000_000));
            case "failover" -> failover(intArg(args, 1, 5));
            default -> throw new IllegalArgumentException("throughput, latency, catchup or failover, not " + what);
        }
    }

    private static void throughput(final int commands, final int rounds)
    {
        final OrderFlow.Recorded flow = record(commands);
        final double[] process = new double[rounds];
        final double[] replicated = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            process[round] = throughputOnce(flow, commands, false);
            replicated[round] = throughputOnce(flow, commands, true);
            System.out.printf("round %d: process %,.0f commands/s, replicated %,.0f commands/s (%.3f)%n", round + 1,
                process[round], replicated[round], replicated[round] / process[round]);
        }
        System.out.printf("%nmedians over %d rounds of %,d commands: process %,.0f/s, replicated %,.0f/s: ratio %.3f%n",
            rounds, commands, median(process), median(replicated), median(replicated) / median(process));
    }

    private static double throughputOnce(final OrderFlow.Recorded flow, final int commands, final boolean replicated)
    {
        try (Pair pair = new Pair(replicated, false))
        {
            final long base = pair.setup(flow.setup);
            final long start = System.nanoTime();
            for (int i = 0; i < commands; i++)
            {
                pair.submit(flow.stream.command(i));
            }
            pair.awaitReleased(base + commands);
            return commands / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void latency(final int rate, final int warmupSeconds, final int measureSeconds) throws IOException
    {
        final int warmup = rate * warmupSeconds;
        final int total = warmup + rate * measureSeconds;
        final OrderFlow.Recorded flow = record(total);
        final Histogram floor = TcpFloor.roundTrip(Math.min(total, 50_000), rate, ORDER_PACKET_BYTES);
        final Histogram[] process = latencyOnce(flow, rate, warmup, total, false);
        final Histogram[] replicated = latencyOnce(flow, rate, warmup, total, true);
        System.out.printf("offered %,d commands/s, %,d measured after %,d warm-up commands%n", rate,
            replicated[0].getTotalCount(), warmup);
        TcpFloor.print("process: submit -> released (durable and decided on the primary)", process[0]);
        TcpFloor.print("replicated: submit -> released (and acknowledged by the standby)", replicated[0]);
        TcpFloor.print("replicated: submit -> applied by the standby's engine", replicated[1]);
        final long added = replicated[0].getValueAtPercentile(50) - process[0].getValueAtPercentile(50);
        System.out.printf("replicated adds %.1f us at p50 = %.2fx the TCP round trip's p50 (%.1f us); at p99 %.1f us%n",
            added / 1e3, (double)added / floor.getValueAtPercentile(50), floor.getValueAtPercentile(50) / 1e3,
            (replicated[0].getValueAtPercentile(99) - process[0].getValueAtPercentile(99)) / 1e3);
    }

    /** @return the release latencies and, when replicated, the standby's apply latencies. */
    private static Histogram[] latencyOnce(
        final OrderFlow.Recorded flow, final int rate, final int warmup, final int total, final boolean replicated)
    {
        final Histogram released = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final Histogram applied = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final long[] intended = new long[total];
        try (Pair pair = new Pair(replicated, false))
        {
            final long base = pair.setup(flow.setup);
            final long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
            for (int i = 0; i < total; i++)
            {
                intended[i] = start + i * interval;
            }
            final Sampler sampler = new Sampler(pair, base, total, warmup, intended, released, applied);
            final Thread sampling = new Thread(sampler, "replication-bench-sampler");
            sampling.start();
            try
            {
                for (int i = 0; i < total; i++)
                {
                    while (System.nanoTime() < intended[i])
                    {
                        Thread.onSpinWait();
                    }
                    pair.submit(flow.stream.command(i));
                }
                pair.awaitReleased(base + total);
                pair.awaitStandbyApplied(base + total);
            }
            finally
            {
                // Normally the sampler has seen everything by now and ends on its own; after a failure, it is told.
                sampler.stopUnlessDone();
                join(sampling);
            }
        }
        return new Histogram[] {released, applied};
    }

    private static void catchUp(final int commands)
    {
        final OrderFlow.Recorded flow = record(commands);
        final Path directory = TempDirectory.create("replication-catchup");
        try
        {
            try (Node writer = Node.start(engineConfig(directory.resolve("primary"), DurabilityMode.PROCESS),
                gatewayConfig(directory.resolve("primary"), UserDirectory.of()), null, List.of(), null,
                ServerSettings.Role.PRIMARY))
            {
                final Pair.Submitter submitter = new Pair.Submitter(writer);
                flow.setup.forEach(submitter::submit);
                for (int i = 0; i < commands; i++)
                {
                    submitter.submit(flow.stream.command(i));
                }
            }
            for (int round = 1; round <= 3; round++)
            {
                final Path standbyDirectory = directory.resolve("standby-" + round);
                try (Node primary = Node.start(engineConfig(directory.resolve("primary"), DurabilityMode.PROCESS),
                    gatewayConfig(directory.resolve("primary"), UserDirectory.of()), null, List.of(),
                    replication(new InetSocketAddress("127.0.0.1", 0), null), ServerSettings.Role.PRIMARY))
                {
                    final long last = primary.engine().decidedSequence();
                    final long[] cpuBefore = ThreadCpu.nanos(CATCH_UP_THREADS);
                    final long start = System.nanoTime();
                    try (Node standby = standby(standbyDirectory, primary, UserDirectory.of()))
                    {
                        while (standby.engine().decidedSequence() < last)
                        {
                            requireRunning(standby);
                            // Parked, not yielding: on 2 cores a spinning waiter takes a core from the catch-up.
                            LockSupport.parkNanos(WAIT_NANOS);
                        }
                        final double seconds = (System.nanoTime() - start) / 1e9;
                        final long[] cpuAfter = ThreadCpu.nanos(CATCH_UP_THREADS);
                        System.out.printf("round %d: a standby from an empty directory applied %,d records in " +
                            "%.2f s: %,.0f records/s, its start included%n", round, last, seconds, last / seconds);
                        // The busiest thread's CPU per record bounds the rate a core per thread would reach.
                        System.out.printf("  CPU per record: %s (the input threads are both engines': the " +
                            "primary's idles)%n", ThreadCpu.perItem(CATCH_UP_THREADS, cpuBefore, cpuAfter, last));
                    }
                }
                TempDirectory.delete(standbyDirectory);
            }
        }
        finally
        {
            TempDirectory.delete(directory);
        }
    }

    private static void failover(final int times) throws IOException, InterruptedException
    {
        final OrderFlow.Recorded flow = record(10_000);
        final Command order = firstNewOrder(flow);
        final long[] promoteMillis = new long[times];
        final long[] acceptedMillis = new long[times];
        for (int time = 0; time < times; time++)
        {
            try (Pair pair = new Pair(true, true))
            {
                final long base = pair.setup(flow.setup);
                for (int i = 0; i < flow.stream.length(); i++)
                {
                    pair.submit(flow.stream.command(i));
                }
                pair.awaitReleased(base + flow.stream.length());
                pair.closePrimary();

                final AtomicLong acceptedAt = new AtomicLong();
                final long start = System.nanoTime();
                final String refused = pair.standby.promote();
                if (refused != null)
                {
                    throw new IllegalStateException("promote refused: " + refused);
                }
                final long promoted = System.nanoTime();
                try (ExchangeClient client = new ExchangeClient(new ExchangeListener()
                {
                    @Override
                    public void onOrderAccepted(final long sequence, final Event event)
                    {
                        acceptedAt.compareAndSet(0, System.nanoTime());
                    }
                }).autoReconnect(false))
                {
                    final InetSocketAddress address = pair.standby.address();
                    client.connect(address.getHostString(), address.getPort());
                    if (!client.login(TRADER, TRADER_PASSWORD, "", 0))
                    {
                        throw new IllegalStateException("login refused: " + client.loginRejectReason());
                    }
                    client.newOrder(order.accountId(), order.instrumentId(), 1, order.side(), OrderType.LIMIT,
                        TimeInForce.IOC, false, order.price(), order.quantity());
                    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (acceptedAt.get() == 0)
                    {
                        if (System.nanoTime() > deadline || !client.isConnected())
                        {
                            throw new IllegalStateException("no ORDER_ACCEPTED from the promoted node: " +
                                client.failure());
                        }
                        client.poll();
                    }
                }
                promoteMillis[time] = TimeUnit.NANOSECONDS.toMicros(promoted - start);
                acceptedMillis[time] = TimeUnit.NANOSECONDS.toMicros(acceptedAt.get() - start);
                System.out.printf("failover %d: promote took %.1f ms, promote -> first order accepted %.1f ms%n",
                    time + 1, promoteMillis[time] / 1e3, acceptedMillis[time] / 1e3);
            }
        }
        Arrays.sort(acceptedMillis);
        System.out.printf("%npromote -> first client order accepted over %d failovers: median %.1f ms, max %.1f ms " +
            "(promote alone: median %.1f ms)%n", times, median(LongStream.of(acceptedMillis).asDoubleStream()
            .toArray()) / 1e3, acceptedMillis[times - 1] / 1e3,
            median(LongStream.of(promoteMillis).asDoubleStream().toArray()) / 1e3);
    }

    private static Command firstNewOrder(final OrderFlow.Recorded flow)
    {
        for (int i = 0; i < flow.stream.length(); i++)
        {
            final Command command = flow.stream.command(i);
            if (command.type() == CommandType.NEW_ORDER)
            {
                return new Command().copyFrom(command);
            }
        }
        throw new IllegalStateException("the flow has no NEW_ORDER");
    }

    private static OrderFlow.Recorded record(final int commands)
    {
        System.out.printf("recording %,d commands of the one-instrument flow...%n", commands);
        final OrderFlow.Recorded flow = OrderFlow.record(OrderFlow.Scenario.ONE_INSTRUMENT, commands);
        System.out.println(flow);
        return flow;
    }

    static EngineConfig engineConfig(final Path directory, final DurabilityMode durability)
    {
        return new EngineConfig().dataDirectory(directory).durabilityMode(durability).snapshotEveryCommands(0)
            .snapshotOnClose(false);
    }

    static GatewayConfig gatewayConfig(final Path directory, final UserDirectory users)
    {
        return new GatewayConfig().dataDirectory(directory.resolve("gateway")).users(users);
    }

    /** What the bench's nodes replicate with: waits for the standby (a bench measures, it does not fall back). */
    static ReplicationSettings replication(final InetSocketAddress listen, final InetSocketAddress primary)
    {
        return new ReplicationSettings(listen, primary, REPLICATION_USER, REPLICATION_PASSWORD,
            (user, password) -> REPLICATION_USER.equals(user) && CREDENTIAL.matches(password), List.of(),
            ReplicationSettings.StandbyLossPolicy.WAIT, Duration.ofSeconds(5), Duration.ofMillis(200),
            Duration.ofSeconds(5));
    }

    static Node standby(final Path directory, final Node primary, final UserDirectory users)
    {
        return Node.start(engineConfig(directory, DurabilityMode.PROCESS), gatewayConfig(directory, users), null,
            List.of(), replication(new InetSocketAddress("127.0.0.1", 0), primary.replicationAddress()),
            ServerSettings.Role.STANDBY);
    }

    private static void requireRunning(final Node node)
    {
        if (node.engine().isHalted())
        {
            throw new IllegalStateException("engine halted");
        }
    }

    private static int intArg(final String[] args, final int index, final int otherwise)
    {
        return args.length > index ? Integer.parseInt(args[index]) : otherwise;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining " + thread.getName(), ex);
        }
    }

    /** A primary, with a standby when replicated, on a scratch directory deleted at close. */
    private static final class Pair implements AutoCloseable
    {
        private final boolean replicated;
        private final Path directory = TempDirectory.create("replication-bench");
        private final Node primary;
        private final Node standby;
        private final Submitter submitter;

        Pair(final boolean replicated, final boolean withTrader)
        {
            this.replicated = replicated;
            final UserDirectory users = withTrader ? UserDirectory.of(new User(TRADER,
                PasswordHash.create(TRADER_PASSWORD.toCharArray(), 1_000), false,
                LongStream.rangeClosed(1, OrderFlow.Scenario.ONE_INSTRUMENT.accounts()).toArray())) :
                UserDirectory.of();
            primary = Node.start(
                engineConfig(directory.resolve("primary"), replicated ? DurabilityMode.REPLICATED : DurabilityMode.PROCESS),
                gatewayConfig(directory.resolve("primary"), users), null, List.of(),
                replicated ? replication(new InetSocketAddress("127.0.0.1", 0), null) : null,
                ServerSettings.Role.PRIMARY);
            Node follower = null;
            try
            {
                follower = replicated ? ReplicationBench.standby(directory.resolve("standby"), primary, users) : null;
            }
            finally
            {
                if (replicated && follower == null)
                {
                    primary.close();
                    TempDirectory.delete(directory);
                }
            }
            standby = follower;
            submitter = new Submitter(primary);
        }

        /** Submits the setup and waits for its release. @return the journal sequence of its last command. */
        long setup(final List<Command> setup)
        {
            final long base = primary.engine().decidedSequence();
            setup.forEach(this::submit);
            awaitReleased(base + setup.size());
            return base + setup.size();
        }

        void submit(final Command command)
        {
            submitter.submit(command);
        }

        long released()
        {
            final long local = Math.min(primary.engine().durableJournalSequence(), primary.engine().decidedSequence());
            return replicated ? Math.min(local, primary.standbyAcknowledged()) : local;
        }

        long standbyApplied()
        {
            return standby == null ? 0 : standby.engine().decidedSequence();
        }

        void awaitReleased(final long sequence)
        {
            while (released() < sequence)
            {
                requireRunning(primary);
                LockSupport.parkNanos(WAIT_NANOS);
            }
        }

        void awaitStandbyApplied(final long sequence)
        {
            while (standby != null && standby.engine().decidedSequence() < sequence)
            {
                requireRunning(standby);
                LockSupport.parkNanos(WAIT_NANOS);
            }
        }

        /** The primary dies (closed here, in process): what the standby has is what a promotion starts from. */
        void closePrimary()
        {
            primary.close();
        }

        @Override
        public void close()
        {
            try
            {
                try
                {
                    primary.close();
                }
                finally
                {
                    if (standby != null)
                    {
                        standby.close();
                    }
                }
            }
            finally
            {
                TempDirectory.delete(directory);
            }
        }

        /** Submits to a node's engine, giving the core to the engine's threads while its ring is full. */
        static final class Submitter
        {
            private final Node node;

            Submitter(final Node node)
            {
                this.node = node;
            }

            void submit(final Command command)
            {
                SubmitResult result;
                while ((result = node.engine().submit(ORIGIN, command)) == SubmitResult.BUSY)
                {
                    Thread.yield();
                }
                if (result != SubmitResult.ACCEPTED)
                {
                    throw new IllegalStateException("engine answered " + result);
                }
            }
        }
    }

    /**
     * Watches the primary's release point and the standby's applied sequence on a thread of its own and records, for
     * each command past the warm-up, the time from its intended submit to each.
     */
    private static final class Sampler implements Runnable
    {
        private final Pair pair;
        private final long base;
        private final int total;
        private final int warmup;
        private final long[] intended;
        private final Histogram released;
        private final Histogram applied;
        private volatile boolean running = true;

        Sampler(final Pair pair, final long base, final int total, final int warmup, final long[] intended,
            final Histogram released, final Histogram applied)
        {
            this.pair = pair;
            this.base = base;
            this.total = total;
            this.warmup = warmup;
            this.intended = intended;
            this.released = released;
            this.applied = applied;
        }

        @Override
        public void run()
        {
            int nextReleased = 0;
            int nextApplied = pair.standby == null ? total : 0;
            while (running && (nextReleased < total || nextApplied < total))
            {
                // Read before the clock, so that no command is timed as done before it was.
                final long releasedThrough = pair.released();
                final long appliedThrough = pair.standbyApplied();
                final long now = System.nanoTime();
                nextReleased = record(releasedThrough, nextReleased, now, released);
                if (nextApplied < total)
                {
                    nextApplied = record(appliedThrough, nextApplied, now, applied);
                }
                Thread.yield();
            }
        }

        private int record(final long through, final int next, final long now, final Histogram histogram)
        {
            int index = next;
            while (index < total && base + index + 1 <= through)
            {
                if (index >= warmup)
                {
                    histogram.recordValue(Math.max(0, now - intended[index]));
                }
                index++;
            }
            return index;
        }

        void stopUnlessDone()
        {
            running = false;
        }
    }
}
