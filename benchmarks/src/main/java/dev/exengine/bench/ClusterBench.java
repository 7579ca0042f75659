package dev.exengine.bench;

import dev.exengine.cluster.ClusterSettings;
import dev.exengine.cluster.EngineMember;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandText;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.SubmitResult;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.Engine;
import dev.exengine.pipeline.config.EngineConfig;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine hosted on a 3-member Aeron Cluster in this process next to the single node (the embedded engine, INLINE,
 * journal in process durability), in one run: throughput of crossing orders with 256 in flight, the round trip of one
 * order at a time (submitted through the port, answered when its first event reaches the output: for the cluster, the
 * sending member's own output, as its gateway would see it), and failover: the leader closed, then the time from the
 * start of its close to the answer of an order submitted to a surviving member right after, over N closes (the closed
 * member restarted and caught up between closes). Timeouts: the cluster's defaults (cluster-default.properties),
 * each overridable with {@code -Dcluster.KEY=VALUE}.
 *
 * <pre>java $(java -cp JAR dev.exengine.bench.BenchmarkJvm) -cp JAR dev.exengine.bench.ClusterBench [orders] [round trips] [closes]</pre>
 */
public final class ClusterBench
{
    private static final int IN_FLIGHT = 256;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final String SESSION = "BENCHSESS1";


    private final Command order = new Command();
    private long nextOrderId;

    public static void main(final String[] args)
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        final int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        final int closes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        new ClusterBench().run(orders, roundTrips, closes);
    }

    private void run(final int orders, final int roundTrips, final int closes)
    {
        final Path singleDirectory = TempDirectory.create("cluster-bench-single");
        final ClusterAnswers single = new ClusterAnswers();
        try (Engine engine = Engine.start(new EngineConfig().dataDirectory(singleDirectory)
            .durabilityMode(DurabilityMode.PROCESS).snapshotEveryCommands(0).snapshotOnClose(false), single))
        {
            for (final Command command : market())
            {
                submit(engine, command);
            }
            await(single, market().size());
            measure("single node", engine, single, orders, roundTrips);
        }
        finally
        {
            TempDirectory.delete(singleDirectory);
        }

        final Path clusterDirectory = TempDirectory.create("cluster-bench-members");
        final EngineMember[] members = new EngineMember[3];
        final ClusterAnswers[] outputs = new ClusterAnswers[3];
        try
        {
            for (int i = 0; i < 3; i++)
            {
                outputs[i] = new ClusterAnswers();
                members[i] = start(clusterDirectory, i, outputs[i]);
            }
            for (final EngineMember member : members)
            {
                member.awaitSetUp(TIMEOUT_NS);
            }
            final int leader = leader(members);
            final int sender = (leader + 1) % 3;
            System.out.println("cluster: leader " + leader + ", orders through member " + sender + "'s ingress; " +
                "settings " + members[0].settings().configuration().entrySet().stream()
                .filter(e -> e.getKey().endsWith("-ms")).toList());
            measure("cluster of 3", members[sender].ingress(), outputs[sender], orders, roundTrips);
            failovers(clusterDirectory, members, outputs, closes);
        }
        finally
        {
            for (final EngineMember member : members)
            {
                if (member != null)
                {
                    member.close();
                }
            }
            TempDirectory.delete(clusterDirectory);
        }
    }

    private void measure(final String what, final CommandSink sink, final ClusterAnswers answers, final int orders,
        final int roundTrips)
    {
        // Warm-up, then the measured pass.
        throughput(sink, answers, orders / 4);
        final long start = System.nanoTime();
        throughput(sink, answers, orders);
        final long elapsed = System.nanoTime() - start;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        for (int i = 0; i < roundTrips / 4; i++)
        {
            roundTrip(sink, answers);
        }
        for (int i = 0; i < roundTrips; i++)
        {
            histogram.recordValue(roundTrip(sink, answers));
        }
        System.out.printf("%s: %,d orders in %.2f s: %,.0f orders/s (256 in flight); round trip of one order " +
            "(%,d): p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us%n", what, orders, elapsed / 1e9,
            orders * 1e9 / elapsed, roundTrips, histogram.getValueAtPercentile(50) / 1e3,
            histogram.getValueAtPercentile(90) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getMaxValue() / 1e3);
    }

    private void throughput(final CommandSink sink, final ClusterAnswers answers, final int orders)
    {
        final long base = answers.answered.get();
        for (int i = 0; i < orders; i++)
        {
            while (i - (answers.answered.get() - base) >= IN_FLIGHT)
            {
                Thread.yield();
            }
            submit(sink, nextOrder());
        }
        await(answers, base + orders);
    }

    private long roundTrip(final CommandSink sink, final ClusterAnswers answers)
    {
        final long expected = answers.answered.get() + 1;
        final long start = System.nanoTime();
        submit(sink, nextOrder());
        while (answers.answered.get() < expected)
        {
            Thread.onSpinWait();
        }
        return System.nanoTime() - start;
    }

    private void failovers(final Path directory, final EngineMember[] members, final ClusterAnswers[] outputs,
        final int closes)
    {
        final Histogram failover = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (int round = 0; round < closes; round++)
        {
            final int leader = leader(members);
            final int sender = (leader + 1) % 3;
            final long expected = outputs[sender].answered.get() + 1;
            final long start = System.nanoTime();
            members[leader].close();
            submit(members[sender].ingress(), nextOrder());
            await(outputs[sender], expected);
            final long took = System.nanoTime() - start;
            failover.recordValue(took);
            System.out.printf("close %d: member %d led; the next order answered %.0f ms after its close began%n",
                round + 1, leader, took / 1e6);
            outputs[leader] = new ClusterAnswers();
            members[leader] = start(directory, leader, outputs[leader]);
            members[leader].awaitSetUp(TIMEOUT_NS);
            final long applied = members[sender].service().appliedSequence();
            final long deadline = System.nanoTime() + TIMEOUT_NS;
            while (members[leader].service().appliedSequence() < applied)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("member " + leader + " did not catch up");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        System.out.printf("failover over %d closes: p50 %.0f ms, max %.0f ms, min %.0f ms%n", closes,
            failover.getValueAtPercentile(50) / 1e6, failover.getMaxValue() / 1e6, failover.getMinValue() / 1e6);
    }

    static EngineMember start(final Path directory, final int id, final EngineOutput output)
    {
        final Map<String, String> keys = new HashMap<>();
        keys.put("cluster.name", "bench");
        keys.put("cluster.member-id", String.valueOf(id));
        keys.put("cluster.port-base", "21400");
        keys.put("cluster.listen", String.join(",", Collections.nCopies(3, "127.0.0.1:0")));
        keys.put("cluster.aeron-dir", "/dev/shm/exengine-bench-" + id);
        keys.put("cluster.snapshot-every", "0");
        // -Dcluster.KEY=VALUE on the command line overrides a default (say, to compare timeouts in one session).
        System.getProperties().forEach((key, value) ->
        {
            if (key.toString().startsWith(ClusterSettings.PREFIX))
            {
                keys.put(key.toString(), value.toString());
            }
        });
        final EngineMember member = EngineMember.open(ClusterSettings.load(keys), directory, output);
        member.launch(SESSION, market());
        return member;
    }

    static int leader(final EngineMember[] members)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (System.nanoTime() - deadline < 0)
        {
            for (int i = 0; i < members.length; i++)
            {
                if (members[i].member().isLeader())
                {
                    return i;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        throw new IllegalStateException("no leader");
    }

    /** Alternately a buy of account 1 and a sell of account 2 at one price: each pair trades, the book stays empty. */
    private Command nextOrder()
    {
        final long id = ++nextOrderId;
        order.reset();
        order.type(CommandType.NEW_ORDER).accountId(1 + id % 2).instrumentId(1).clientOrderId(id)
            .side(id % 2 == 0 ? Side.BUY : Side.SELL).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
            .price(5_000_000).quantity(100_000);
        return order;
    }

    private static void submit(final CommandSink sink, final Command command)
    {
        SubmitResult result;
        while ((result = sink.submit(1, command)) == SubmitResult.BUSY)
        {
            Thread.yield();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("the sink answered " + result);
        }
    }

    private static void await(final ClusterAnswers answers, final long count)
    {
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (answers.answered.get() < count)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("not answered within 60 s: " + count);
            }
            Thread.yield();
        }
    }

    static List<Command> market()
    {
        final List<Command> market = new ArrayList<>();
        for (final String text : List.of(
            "ADD_ASSET assetId=1 scale=4",
            "ADD_ASSET assetId=2 scale=8",
            "OPEN_ACCOUNT accountId=100",
            "OPEN_ACCOUNT accountId=1",
            "OPEN_ACCOUNT accountId=2",
            "ADD_INSTRUMENT instrumentId=1 baseAssetId=2 quoteAssetId=1 tickSize=100 lotSize=100000 tickValue=10 " +
                "minQuantity=100000 maxQuantity=10000000000 makerFeePpm=100 takerFeePpm=500 feeAccountId=100",
            "DEPOSIT accountId=1 assetId=1 amount=100000000000000000",
            "DEPOSIT accountId=2 assetId=2 amount=100000000000000000"))
        {
            market.add(CommandText.parse(text, new Command()));
        }
        return market;
    }
}
