package dev.exengine.cluster;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandText;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.core.port.EngineOutput;
import io.aeron.cluster.service.Cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Members of a test cluster in this process, on 127.0.0.1, with test-sized Aeron settings: small terms, sparse files,
 * a 1 s heartbeat timeout. Started, stopped and restarted by index; each member's events are recorded.
 */
final class TestMembers implements AutoCloseable
{
    static final String SESSION = "TESTSESS01";
    static final long SETUP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    /** What a member handed out: every answer to a new order, by client order id, and the events in all. */
    static final class RecordingOutput implements EngineOutput
    {
        final Map<Long, Integer> orderAnswers = new ConcurrentHashMap<>();
        final AtomicLong events = new AtomicLong();
        final AtomicLong batches = new AtomicLong();

        @Override
        public void onEvent(final Event event, final long origin)
        {
            events.incrementAndGet();
            if (event.type() == EventType.ORDER_ACCEPTED || event.type() == EventType.ORDER_REJECTED)
            {
                orderAnswers.merge(event.clientOrderId(), 1, Integer::sum);
            }
        }

        @Override
        public void onBatchEnd()
        {
            batches.incrementAndGet();
        }
    }

    private final String name;
    private final Path data;
    private final int portBase;
    private final int count;
    private final Map<String, String> extraKeys;
    private final EngineMember[] members;
    private final RecordingOutput[] outputs;

    TestMembers(final String name, final Path data, final int portBase, final int count,
        final Map<String, String> extraKeys)
    {
        this.name = name;
        this.data = data;
        this.portBase = portBase;
        this.count = count;
        this.extraKeys = extraKeys;
        this.members = new EngineMember[count];
        this.outputs = new RecordingOutput[count];
    }

    static Map<String, String> keys(final String name, final int member, final int count, final int portBase)
    {
        final Map<String, String> keys = new HashMap<>();
        keys.put("cluster.name", name);
        keys.put("cluster.member-id", String.valueOf(member));
        keys.put("cluster.members", String.join(",", java.util.Collections.nCopies(count, "127.0.0.1")));
        keys.put("cluster.port-base", String.valueOf(portBase));
        keys.put("cluster.listen", String.join(",", java.util.Collections.nCopies(count, "127.0.0.1:0")));
        // No gateway or admin endpoint runs here: the members alone.
        keys.put("cluster.admin-listen", "off");
        keys.put("cluster.aeron-dir", "/dev/shm/exengine-test-" + name + "-" + member);
        keys.put("cluster.heartbeat-interval-ms", "100");
        keys.put("cluster.heartbeat-timeout-ms", "1000");
        keys.put("cluster.election-timeout-ms", "500");
        keys.put("cluster.startup-canvass-timeout-ms", "3000");
        keys.put("cluster.session-timeout-ms", "5000");
        keys.put("cluster.new-leader-timeout-ms", "4000");
        keys.put("cluster.message-timeout-ms", "4000");
        keys.put("cluster.resend-after-ms", "500");
        keys.put("cluster.ingress-window", "4096");
        keys.put("cluster.log-term-length", "512k");
        keys.put("cluster.ingress-term-length", "128k");
        keys.put("cluster.egress-term-length", "64k");
        keys.put("cluster.driver-term-length", "256k");
        keys.put("cluster.archive-segment-length", "4m");
        keys.put("cluster.snapshot-every", "0");
        return keys;
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
            "OPEN_ACCOUNT accountId=3",
            "ADD_INSTRUMENT instrumentId=1 baseAssetId=2 quoteAssetId=1 tickSize=100 lotSize=100000 tickValue=10 " +
                "minQuantity=100000 maxQuantity=10000000000 makerFeePpm=100 takerFeePpm=500 feeAccountId=100",
            "DEPOSIT accountId=1 assetId=1 amount=1000000000000",
            "DEPOSIT accountId=2 assetId=2 amount=2000000000000",
            "DEPOSIT accountId=3 assetId=1 amount=1000000000000",
            "DEPOSIT accountId=3 assetId=2 amount=2000000000000"))
        {
            market.add(CommandText.parse(text, new Command()));
        }
        return market;
    }

    ClusterSettings settings(final int member)
    {
        final Map<String, String> keys = keys(name, member, count, portBase);
        keys.putAll(extraKeys);
        return ClusterSettings.load(keys);
    }

    /** Opens and launches a member; {@link #awaitSetUp} waits until it takes commands. */
    EngineMember start(final int member)
    {
        if (members[member] != null)
        {
            throw new IllegalStateException("member " + member + " runs");
        }
        outputs[member] = new RecordingOutput();
        final EngineMember started = EngineMember.open(settings(member), data, outputs[member]);
        members[member] = started;
        started.launch(SESSION, market());
        return started;
    }

    void startAll()
    {
        for (int i = 0; i < count; i++)
        {
            start(i);
        }
        for (int i = 0; i < count; i++)
        {
            members[i].awaitSetUp(SETUP_TIMEOUT_NS);
        }
    }

    void awaitSetUp(final int member)
    {
        members[member].awaitSetUp(SETUP_TIMEOUT_NS);
    }

    EngineMember member(final int member)
    {
        return members[member];
    }

    RecordingOutput output(final int member)
    {
        return outputs[member];
    }

    /** Stops a member (drains its ingress, closes its Aeron stack and journal); its events stay recorded. */
    void stop(final int member)
    {
        final EngineMember stopping = members[member];
        members[member] = null;
        stopping.close();
    }

    /** The running member that leads with its election over, waiting for one up to the deadline. */
    int awaitLeader(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (System.nanoTime() - deadline < 0)
        {
            for (int i = 0; i < count; i++)
            {
                if (members[i] != null && members[i].member().isLeader())
                {
                    return i;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no leader within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNs) + " s");
    }

    static void await(final String what, final long timeoutNs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("not within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNs) + " s: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    Cluster.Role role(final int member)
    {
        return members[member].member().role();
    }

    @Override
    public void close()
    {
        RuntimeException failure = null;
        for (int i = count - 1; i >= 0; i--)
        {
            if (members[i] != null)
            {
                try
                {
                    stop(i);
                }
                catch (final RuntimeException ex)
                {
                    failure = failure == null ? ex : failure;
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}
