package dev.exengine.bench;

import dev.exengine.client.FeedClient;
import dev.exengine.client.FeedListener;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.gateway.feed.FeedServer;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.sbe.OrderExecutedDecoder;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketHandler;
import dev.exengine.protocol.soupbin.PacketReader;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The market-data feed next to the engine, in process (journal on, process mode, INLINE pipeline, BALANCED waits: the
 * server's defaults), on the one-instrument flow; subscribers are {@link FeedClient}s over loopback.
 *
 * <p>{@code throughput}: rounds that alternate the engine alone and the engine with the feed server and its
 * subscribers (bare SoupBinTCP readers that count the packets, all read by one thread), each on a fresh engine fed the
 * same recorded stream as fast as its ring takes it. The engine's rate is submit of the first stream command until
 * the engine's output saw the last; the feed's, until every subscriber holds the feed's last message. Medians, the
 * ratio with and without, and how far behind the slowest subscriber was when the engine finished.
 *
 * <p>{@code latency}: open loop at a fixed rate (command i is due at {@code start + i / rate}; latency is measured from
 * that intended time, coordinated omission corrected) with one subscriber; for each trade, the time from the intended
 * submit of the command that made it to the subscriber decoding its OrderExecuted, over loopback. In the same run,
 * before it, a raw TCP ping-pong of a frame of the trade message's size over loopback, the floor a hop costs here.
 *
 * <pre>
 * java $FLAGS -cp benchmarks.jar dev.exengine.bench.FeedBench throughput [commands] [rounds] [subscribers]
 * java $FLAGS -cp benchmarks.jar dev.exengine.bench.FeedBench latency [rates, comma-separated] [warm-up s] [measure s]
 * </pre>
 */
public final class FeedBench
{
    /** The engine's one thread in the INLINE pipeline (journal and logic) and the feed server's thread. */
    private static final String ENGINE_THREAD = "exengine-input";
    private static final String FEED_THREAD = "exengine-market-data";
    /** An OrderExecuted in its Sequenced Data packet: 3 + 8 + 69 bytes. */
    private static final int TRADE_PACKET_BYTES = 80;

    private FeedBench()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final String what = args.length > 0 ? args[0] : "throughput";
        if (what.equals("throughput"))
        {
            throughput(args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000,
                args.length > 2 ? Integer.parseInt(args[2]) : 3, args.length > 3 ? Integer.parseInt(args[3]) : 4);
        }
        else
        {
            final String rates = args.length > 1 ? args[1] : "10000,100000";
            final int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 3;
            final int measure = args.length > 3 ? Integer.parseInt(args[3]) : 10;
            for (final String rate : rates.split(","))
            {
                latency(Integer.parseInt(rate), warmup, measure);
            }
        }
    }

    private static void throughput(final int commands, final int rounds, final int subscribers) throws IOException
    {
        System.out.printf("recording %,d commands of the one-instrument flow...%n", commands);
        final OrderFlow.Recorded flow = OrderFlow.record(OrderFlow.Scenario.ONE_INSTRUMENT, commands);
        System.out.println(flow);
        final double[] alone = new double[rounds];
        final double[] withFeed = new double[rounds];
        final double[] feedRates = new double[rounds];
        final double[] aloneCpu = new double[rounds];
        final double[] withFeedCpu = new double[rounds];
        final double[] feedCpu = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            final double[] engine = engineAlone(flow, commands);
            alone[round] = engine[0];
            aloneCpu[round] = engine[1];
            final double[] feed = engineWithFeed(flow, commands, subscribers);
            withFeed[round] = feed[0];
            feedRates[round] = feed[1];
            withFeedCpu[round] = feed[3];
            feedCpu[round] = feed[4];
            System.out.printf("round %d: engine alone %,.0f commands/s; with the feed and %d subscribers %,.0f " +
                "commands/s (%.3f), the feed delivered %,.0f messages/s to each, %,.0f behind at the engine's end; " +
                "engine thread CPU %.0f ns/command alone, %.0f with the feed (%.3f); feed thread %.0f ns/command%n",
                round + 1, alone[round], subscribers, withFeed[round], withFeed[round] / alone[round], feed[1],
                feed[2], aloneCpu[round], withFeedCpu[round], aloneCpu[round] / withFeedCpu[round], feedCpu[round]);
        }
        System.out.printf("%nmedians over %d rounds: engine alone %,.0f/s, with the feed %,.0f/s: ratio %.3f; " +
            "feed %,.0f messages/s to each of %d subscribers%n", rounds, median(alone), median(withFeed),
            median(withFeed) / median(alone), median(feedRates), subscribers);
        // With a core for each busy thread the engine runs at its own thread's CPU cost: that ratio is the one the
        // feed would leave it on such a machine (this host's cores, shared by every thread, give the ratio above).
        System.out.printf("engine thread CPU per command: alone %.0f ns, with the feed %.0f ns: ratio %.3f; the feed's " +
            "thread %.0f ns per command%n", median(aloneCpu), median(withFeedCpu),
            median(aloneCpu) / median(withFeedCpu), median(feedCpu));
    }

    /** @return the engine's commands/s and its thread's CPU nanoseconds per command. */
    private static double[] engineAlone(final OrderFlow.Recorded flow, final int commands)
    {
        try (PipelineDriver driver = new PipelineDriver(PipelineMode.INLINE, WaitProfile.BALANCED,
            DurabilityMode.PROCESS, null))
        {
            driver.setup(flow.setup);
            final long cpuBefore = ThreadCpu.nanos(ENGINE_THREAD);
            final long start = System.nanoTime();
            for (int i = 0; i < commands; i++)
            {
                driver.submit(flow.stream.command(i));
            }
            driver.awaitStreamIndex(commands - 1);
            final long end = System.nanoTime();
            return new double[] {commands * 1e9 / (end - start),
                (ThreadCpu.nanos(ENGINE_THREAD) - cpuBefore) / (double)commands};
        }
    }

    /**
     * @return the engine's commands/s, the feed's messages/s to each subscriber, how far behind it was, the engine
     * thread's and the feed thread's CPU nanoseconds per command.
     */
    private static double[] engineWithFeed(final OrderFlow.Recorded flow, final int commands, final int subscribers)
        throws IOException
    {
        final FeedServer feed = feedServer();
        try (PipelineDriver driver = new PipelineDriver(PipelineMode.INLINE, WaitProfile.BALANCED,
            DurabilityMode.PROCESS, null, feed.engineOutput()))
        {
            final RawReaders readers = new RawReaders(feed, subscribers);
            try
            {
                driver.setup(flow.setup);
                readers.awaitFeedEnd();
                final long before = feed.lastSequence();
                final long engineCpuBefore = ThreadCpu.nanos(ENGINE_THREAD);
                final long feedCpuBefore = ThreadCpu.nanos(FEED_THREAD);
                final long start = System.nanoTime();
                for (int i = 0; i < commands; i++)
                {
                    driver.submit(flow.stream.command(i));
                }
                driver.awaitStreamIndex(commands - 1);
                final long engineEnd = System.nanoTime();
                final long engineCpu = ThreadCpu.nanos(ENGINE_THREAD) - engineCpuBefore;
                final long behind = feed.lastSequence() - readers.slowest();
                readers.awaitFeedEnd();
                final long feedEnd = System.nanoTime();
                final long feedCpu = ThreadCpu.nanos(FEED_THREAD) - feedCpuBefore;
                final double messages = feed.lastSequence() - before;
                return new double[] {commands * 1e9 / (engineEnd - start), messages * 1e9 / (feedEnd - start), behind,
                    engineCpu / (double)commands, feedCpu / (double)commands};
            }
            finally
            {
                readers.close();
                feed.close();
            }
        }
    }

    private static void latency(final int rate, final int warmupSeconds, final int measureSeconds) throws IOException
    {
        final int warmup = rate * warmupSeconds;
        final int total = warmup + rate * measureSeconds;
        System.out.printf("%nrecording %,d commands of the one-instrument flow...%n", total);
        final OrderFlow.Recorded flow = OrderFlow.record(OrderFlow.Scenario.ONE_INSTRUMENT, total);
        final Histogram floor = TcpFloor.roundTrip(Math.min(total, 50_000), rate, TRADE_PACKET_BYTES);
        final long[] intended = new long[total];
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final FeedServer feed = feedServer();
        try (PipelineDriver driver = new PipelineDriver(PipelineMode.INLINE, WaitProfile.BALANCED,
            DurabilityMode.PROCESS, null, feed.engineOutput()))
        {
            final long streamBase = flow.setup.size();
            final Readers reader = new Readers(feed, new FeedListener()
            {
                @Override
                public void onFeedMessage(final long sequence, final FeedBooks books)
                {
                    if (books.templateId() == OrderExecutedDecoder.TEMPLATE_ID)
                    {
                        final long index = books.orderExecuted().journalSequence() - streamBase - 1;
                        if (index >= warmup)
                        {
                            histogram.recordValue(Math.max(0, System.nanoTime() - intended[(int)index]));
                        }
                    }
                }
            });
            try
            {
                driver.setup(flow.setup);
                reader.awaitFeedEnd();
                final long interval = TimeUnit.SECONDS.toNanos(1) / rate;
                final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
                for (int i = 0; i < total; i++)
                {
                    intended[i] = start + i * interval;
                }
                for (int i = 0; i < total; i++)
                {
                    while (System.nanoTime() < intended[i])
                    {
                        Thread.onSpinWait();
                    }
                    driver.submit(flow.stream.command(i));
                }
                driver.awaitStreamIndex(total - 1);
                reader.awaitFeedEnd();
            }
            finally
            {
                reader.close();
                feed.close();
            }
        }
        System.out.printf("offered %,d commands/s, %,d trades measured after %,d warm-up commands%n", rate,
            histogram.getTotalCount(), warmup);
        TcpFloor.print("trade command submitted -> feed OrderExecuted decoded by a subscriber", histogram);
        System.out.printf("ratio to the TCP round trip: p50 %.1fx  p99 %.1fx%n",
            (double)histogram.getValueAtPercentile(50) / floor.getValueAtPercentile(50),
            (double)histogram.getValueAtPercentile(99) / floor.getValueAtPercentile(99));
    }

    private static FeedServer feedServer()
    {
        // Readers that fall behind in a burst catch up from the store: the run measures how far, and cuts none off.
        final FeedServer server = new FeedServer(new FeedConfig().anonymous(true).maxLagMessages(Long.MAX_VALUE)
            .port(new GatewayConfig().dataDirectory(TempDirectory.create("feed-bench")).users(UserDirectory.of())));
        server.start((after, through, output) -> output.onBatchEnd(), 0);
        server.startAccepting();
        return server;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] :
            (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** One {@link FeedClient} from message 1, keeping the books, polled by a thread that backs off when idle. */
    private static final class Readers implements AutoCloseable
    {
        private final FeedServer feed;
        private final FeedClient client;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long received;

        Readers(final FeedServer feed, final FeedListener listener) throws IOException
        {
            this.feed = feed;
            client = new FeedClient(listener);
            client.connect("127.0.0.1", feed.localAddress().getPort());
            if (!client.subscribe("", "", 1))
            {
                throw new IllegalStateException("the feed refused a subscriber");
            }
            thread = new Thread(this::run, "feed-reader");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until the subscriber holds the feed's last message. */
        void awaitFeedEnd()
        {
            while (received < feed.lastSequence())
            {
                Thread.yield();
            }
        }

        private void run()
        {
            final IdleStrategy idle = idleStrategy();
            try
            {
                while (running)
                {
                    final int work = client.poll();
                    received = client.books().nextSequence() - 1;
                    idle.idle(work);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void close()
        {
            running = false;
            join(thread);
            client.close();
        }
    }

    /**
     * Subscribers that log in from message 1 and count the Sequenced Data packets they receive, nothing more: the
     * publisher's cost, not the readers' (which run on other machines in production, and here would take the cores
     * the engine is measured on). One thread reads them all, backing off when none had anything.
     */
    private static final class RawReaders implements AutoCloseable
    {
        private final FeedServer feed;
        private final SocketChannel[] channels;
        private final PacketReader[] framers;
        private final long[] counts;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long slowest;
        private int current;

        RawReaders(final FeedServer feed, final int count) throws IOException
        {
            this.feed = feed;
            channels = new SocketChannel[count];
            framers = new PacketReader[count];
            counts = new long[count];
            final UnsafeBuffer login = new UnsafeBuffer(ByteBuffer.allocate(64));
            final int length = PacketWriter.loginRequest(login, 0, new LoginRequest().username("").password("")
                .requestedSession("").requestedSequenceNumber(1));
            for (int i = 0; i < count; i++)
            {
                channels[i] = SocketChannel.open(feed.localAddress());
                channels[i].write(ByteBuffer.wrap(login.byteArray(), 0, length));
                channels[i].configureBlocking(false);
                framers[i] = new PacketReader(SoupBinTcp.MAX_PACKET_LENGTH);
            }
            thread = new Thread(this::run, "feed-readers");
            thread.setDaemon(true);
            thread.start();
        }

        long slowest()
        {
            return slowest;
        }

        /** Waits until every subscriber has received the feed's last message. */
        void awaitFeedEnd()
        {
            while (slowest < feed.lastSequence())
            {
                Thread.yield();
            }
        }

        private void run()
        {
            final IdleStrategy idle = idleStrategy();
            final PacketHandler counter = (type, buffer, offset, length) ->
            {
                if (type == SoupBinTcp.SEQUENCED_DATA)
                {
                    counts[current]++;
                }
                return true;
            };
            try
            {
                while (running)
                {
                    int work = 0;
                    long least = Long.MAX_VALUE;
                    for (int i = 0; i < channels.length; i++)
                    {
                        current = i;
                        final int read = channels[i].read(framers[i].receiveBuffer());
                        if (read < 0)
                        {
                            throw new IllegalStateException("the feed server closed subscriber " + i);
                        }
                        if (read > 0)
                        {
                            work += framers[i].dispatch(counter);
                        }
                        least = Math.min(least, counts[i]);
                    }
                    slowest = least;
                    idle.idle(work);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void close() throws IOException
        {
            running = false;
            join(thread);
            for (final SocketChannel channel : channels)
            {
                channel.close();
            }
        }
    }

    private static IdleStrategy idleStrategy()
    {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
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
        }
    }
}
