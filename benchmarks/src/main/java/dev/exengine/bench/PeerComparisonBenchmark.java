package dev.exengine.bench;

import dev.exengine.core.BusinessLogicProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The project's whole business logic (risk, holds, fees, events) next to exchange-core 0.5.3's Direct order book
 * alone, on the same {@link OrderFlow} stream; one operation is one command of the stream. {@code -p engine=exengine}
 * applies it as {@link BusinessLogicBenchmark} does (prefetching groups of {@link
 * BusinessLogicProcessor#PREFETCH_GROUP} unless {@code -p prefetch=false}); {@code -p engine=exchange-core} replays it
 * through {@link ExchangeCoreReplay}. Run the two alternately with {@code side-by-side.sh}, one label per engine.
 *
 * <p>Before anything is measured, the trial's set-up runs both engines over the whole flow and refuses to go on
 * unless they made the same trades, trade by trade (the command, instrument, maker and taker order ids, price and
 * quantity), and left every book with the same price levels, quantities and order counts. Every iteration starts
 * from the pre-filled state (the engine's restored from its snapshot, the peer's books built and pre-filled anew)
 * and walks the stream from its start; should it outrun the stream, the state is restored inside the timed loop
 * (counted and printed, and its allocation shows in {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PeerComparisonBenchmark extends BenchmarkJvm
{
    @Param({"one-instrument", "100-instruments"})
    public String scenario;

    @Param({"exengine", "exchange-core"})
    public String engine;

    @Param({"3000000"})
    public int streamLength;

    @Param({"true"})
    public boolean prefetch;

    private OrderFlow.Recorded flow;
    private CommandStream stream;
    private ExchangeCoreReplay peer;
    private boolean exengine;
    private BusinessLogicProcessor logic;
    private final BusinessLogicBenchmark.EventCounter events = new BusinessLogicBenchmark.EventCounter();
    private long peerEvents;
    private int index;
    private long sequence;
    private long restarts;

    @Setup(Level.Trial)
    public void recordAndCheck()
    {
        exengine = switch (engine)
        {
            case "exengine" -> true;
            case "exchange-core" -> false;
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        flow = OrderFlow.record(OrderFlow.Scenario.named(scenario), streamLength);
        stream = flow.stream;
        peer = ExchangeCoreReplay.of(flow);
        final Fills engineFills = peer.engineFills();
        final Fills peerFills = peer.run();
        final String fillsDifference = engineFills.firstDifference(peerFills);
        if (fillsDifference != null)
        {
            throw new IllegalStateException("the engines made different trades: " + fillsDifference);
        }
        final String depthDifference = peer.firstDepthDifference();
        if (depthDifference != null)
        {
            throw new IllegalStateException("the engines left different books: " + depthDifference);
        }
        System.out.println();
        System.out.println("flow: " + flow);
        System.out.printf("checked: both made the same %d trades (%d lots), trade by trade, and left the same books; " +
            "%d self-trade cancels put before their command for exchange-core%n",
            engineFills.size(), engineFills.totalQuantity(), peer.selfTradeCancels());
        if (flow.scenario.instruments() > 1)
        {
            System.out.println("trades/lots per instrument: " + engineFills.perInstrument());
        }
    }

    @Setup(Level.Iteration)
    public void startIteration()
    {
        restore();
    }

    @Benchmark
    public void apply()
    {
        if (index == stream.length())
        {
            restarts++;
            restore();
        }
        if (exengine)
        {
            // Decoded for a look-up only when there is one: the pipeline has its commands in the ring's slots already.
            if (prefetch && index % BusinessLogicProcessor.PREFETCH_GROUP == 0 && logic.prefetchPays())
            {
                final int end = Math.min(stream.length(), index + BusinessLogicProcessor.PREFETCH_GROUP);
                for (int i = index; i < end; i++)
                {
                    logic.prefetch(stream.command(i));
                }
            }
            logic.apply(stream.command(index++), ++sequence, sequence, events);
        }
        else
        {
            peerEvents += peer.apply(index++);
        }
    }

    private void restore()
    {
        if (exengine)
        {
            logic = flow.startingState();
        }
        else
        {
            peer.reset();
        }
        index = 0;
    }

    @TearDown(Level.Trial)
    public void report()
    {
        System.out.println();
        System.out.printf("%s: stream of %d commands, %d restarts inside the timed loop, %d events seen%n",
            engine, stream.length(), restarts, exengine ? events.count : peerEvents);
    }
}
