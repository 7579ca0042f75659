package dev.exengine.bench.e2e;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The harness's command line. */
final class BenchOptions
{
    int connections = 4;
    int threads = 1;
    List<Long> rates = List.of(1_000L, 5_000L, 10_000L, 50_000L, 100_000L, 200_000L, 400_000L, 800_000L);
    double warmupSeconds = 2;
    double measureSeconds = 5;
    double drainSeconds = 5;
    long floorRate;
    double p99LimitMicros = 100_000;
    double minAchievedShare = 0.95;
    Path results;
    InetSocketAddress connect;
    final Properties serverSettings = new Properties();
    boolean help;

    static String usage()
    {
        return String.join("\n",
            "usage: engine-bench [options]",
            "  Open-loop end-to-end latency of NewOrder -> OrderAccepted over loopback TCP (journal on, process mode),",
            "  swept over offered rates until the engine saturates, next to a raw TCP echo of the same frame size.",
            "  --connections N      trader connections, each its own user and account (default 4)",
            "  --threads T          driver threads; connection c is driven by thread c % T (default 1)",
            "  --rates R1,R2,...    offered rates, messages/s over all connections, swept upwards until saturated",
            "                       (default 1000,5000,10000,50000,100000,200000,400000,800000)",
            "  --warmup S           seconds of warm-up per step, not recorded (default 2)",
            "  --measure S          seconds measured per step (default 5)",
            "  --drain S            seconds to wait for the last answers after a step's schedule (default 5)",
            "  --floor-rate R       offered rate of the raw TCP floor (default: the first rate)",
            "  --p99-limit-us U     a step whose p99 exceeds this is saturated (default 100000: a queue is building)",
            "  --min-achieved F     a step achieving less than F x offered is saturated (default 0.95)",
            "  --results DIR        where to write (default benchmarks/target/e2e-results/<timestamp>)",
            "  --connect HOST:PORT  drive a running server instead of starting one; it must have users trd1..N",
            "                       (password bench-trdN) trading accounts 1..N on instrument 1 (tick 100, lot",
            "                       100000), funded in assets 1 and 2",
            "  --set KEY=VALUE      server configuration key for the in-process server, repeatable (e.g. wait=LOW_LATENCY,",
            "                       pipeline=SERIAL, durability=FSYNC); default: the server's defaults, process mode",
            "  --help               this text");
    }

    static BenchOptions parse(final String[] args)
    {
        final BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h"))
            {
                o.help = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--connections" -> o.connections = Integer.parseInt(value);
                case "--threads" -> o.threads = Integer.parseInt(value);
                case "--rates" -> o.rates = rates(value);
                case "--warmup" -> o.warmupSeconds = Double.parseDouble(value);
                case "--measure" -> o.measureSeconds = Double.parseDouble(value);
                case "--drain" -> o.drainSeconds = Double.parseDouble(value);
                case "--floor-rate" -> o.floorRate = Long.parseLong(value);
                case "--p99-limit-us" -> o.p99LimitMicros = Double.parseDouble(value);
                case "--min-achieved" -> o.minAchievedShare = Double.parseDouble(value);
                case "--results" -> o.results = Path.of(value);
                case "--connect" -> o.connect = address(value);
                case "--set" -> setting(o.serverSettings, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (o.connections < 1 || o.threads < 1 || o.rates.isEmpty() || o.measureSeconds <= 0 || o.warmupSeconds < 0)
        {
            throw new IllegalArgumentException("connections, threads >= 1, at least one rate, measure > 0");
        }
        return o;
    }

    long floorRate()
    {
        return floorRate > 0 ? floorRate : rates.get(0);
    }

    private static List<Long> rates(final String value)
    {
        final List<Long> rates = new ArrayList<>();
        for (final String rate : value.split(","))
        {
            final long r = Long.parseLong(rate.trim().replace("_", ""));
            if (r <= 0)
            {
                throw new IllegalArgumentException("rates must be positive");
            }
            rates.add(r);
        }
        return rates;
    }

    private static void setting(final Properties settings, final String value)
    {
        final int equals = value.indexOf('=');
        if (equals <= 0)
        {
            throw new IllegalArgumentException("--set needs KEY=VALUE");
        }
        settings.setProperty(value.substring(0, equals).trim(), value.substring(equals + 1).trim());
    }

    private static InetSocketAddress address(final String value)
    {
        final int colon = value.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("--connect needs HOST:PORT");
        }
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }
}
