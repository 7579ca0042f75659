package dev.exengine.bench;

import dev.exengine.cluster.ClusterMember;
import dev.exengine.cluster.EngineMember;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.core.port.SubmitResult;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether the cluster's failure detection holds on this machine: a 3-member cluster in this process (the defaults of
 * cluster-default.properties, each overridable with {@code -Dcluster.KEY=VALUE}) under a steady stream of orders for a
 * while, nobody failing. Any election in that time is a spurious one (a leader taken for dead); it reports the elections
 * and leadership terms each member went through, and how late a thread of this JVM woke up (a hiccup meter: a 1 ms
 * park, its lateness recorded), which is what a heartbeat meets on a loaded machine: the margin is the heartbeat
 * timeout less the heartbeat interval and the worst lateness.
 *
 * <pre>java $(java -cp JAR dev.exengine.bench.BenchmarkJvm) -cp JAR dev.exengine.bench.ClusterSteadyBench [seconds] [orders/s]</pre>
 */
public final class ClusterSteadyBench
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);


    private ClusterSteadyBench()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 180;
        final int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        final Path directory = TempDirectory.create("cluster-steady");
        final EngineMember[] members = new EngineMember[3];
        final ClusterAnswers[] outputs = new ClusterAnswers[3];
        final Histogram hiccups = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final Thread meter = new Thread(() -> measureHiccups(hiccups), "hiccup-meter");
        meter.setDaemon(true);
        try
        {
            for (int i = 0; i < 3; i++)
            {
                outputs[i] = new ClusterAnswers();
                members[i] = ClusterBench.start(directory, i, outputs[i]);
            }
            for (final EngineMember member : members)
            {
                member.awaitSetUp(TIMEOUT_NS);
            }
            final int leader = ClusterBench.leader(members);
            final int sender = (leader + 1) % 3;
            final long[] electionsBefore = new long[3];
            final long[] termsBefore = new long[3];
            for (int i = 0; i < 3; i++)
            {
                electionsBefore[i] = members[i].member().electionCount();
                termsBefore[i] = members[i].member().leadershipTermId();
            }
            System.out.println("steady run: " + seconds + " s at " + rate + " orders/s through member " + sender +
                ", leader " + leader + "; settings " + members[0].settings().configuration().entrySet().stream()
                .filter(e -> e.getKey().endsWith("-ms")).sorted(java.util.Map.Entry.comparingByKey()).toList());
            meter.start();
            final long base = outputs[sender].answered.get();
            final long sent = send(members[sender], rate, seconds);
            final long deadline = System.nanoTime() + TIMEOUT_NS;
            while (outputs[sender].answered.get() - base < sent && System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            meter.interrupt();
            meter.join();
            final StringBuilder report = new StringBuilder();
            long spurious = 0;
            for (int i = 0; i < 3; i++)
            {
                final ClusterMember member = members[i].member();
                final long elections = member.electionCount() - electionsBefore[i];
                spurious += elections;
                report.append(String.format("member %d: %d election(s), term %d -> %d, role %s; ", i, elections,
                    termsBefore[i], member.leadershipTermId(), member.role()));
            }
            System.out.println(report);
            System.out.printf("%,d orders sent, %,d answered; elections during the run: %d; thread wake-up lateness " +
                "(1 ms park): p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; load %s%n", sent,
                outputs[sender].answered.get() - base, spurious, hiccups.getValueAtPercentile(50) / 1e6,
                hiccups.getValueAtPercentile(99) / 1e6, hiccups.getValueAtPercentile(99.9) / 1e6,
                hiccups.getMaxValue() / 1e6, loadAverage());
        }
        finally
        {
            meter.interrupt();
            for (final EngineMember member : members)
            {
                if (member != null)
                {
                    member.close();
                }
            }
            meter.join();
            TempDirectory.delete(directory);
        }
    }

    /** Sends orders at the rate for the time, each crossing the one before; returns how many were sent. */
    private static long send(final EngineMember member, final int rate, final int seconds)
    {
        final Command order = new Command();
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
        final long start = System.nanoTime();
        final long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        long next = start;
        while (next - end < 0)
        {
            final long now = System.nanoTime();
            if (now - next < 0)
            {
                LockSupport.parkNanos(Math.min(next - now, TimeUnit.MILLISECONDS.toNanos(1)));
                continue;
            }
            final long id = sent + 1;
            order.reset();
            order.type(CommandType.NEW_ORDER).accountId(1 + id % 2).instrumentId(1).clientOrderId(id)
                .side(id % 2 == 0 ? Side.BUY : Side.SELL).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .price(5_000_000).quantity(100_000);
            final SubmitResult result = member.ingress().submit(1, order);
            if (result == SubmitResult.ACCEPTED)
            {
                sent++;
                next += intervalNs;
            }
            else if (result != SubmitResult.BUSY)
            {
                throw new IllegalStateException("the ingress answered " + result);
            }
        }
        return sent;
    }

    /** Parks 1 ms again and again, recording how much later than asked it woke up, until interrupted (then read). */
    private static void measureHiccups(final Histogram hiccups)
    {
        final long parkNs = TimeUnit.MILLISECONDS.toNanos(1);
        while (!Thread.currentThread().isInterrupted())
        {
            final long before = System.nanoTime();
            LockSupport.parkNanos(parkNs);
            final long late = System.nanoTime() - before - parkNs;
            hiccups.recordValue(Math.max(0, Math.min(late, hiccups.getHighestTrackableValue())));
        }
    }

    private static String loadAverage()
    {
        try
        {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final java.io.IOException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }
}
