package dev.exengine.bench.e2e;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The harness's options (a picocli mixin of {@link EndToEndBench}). */
final class BenchOptions
{
    @Option(names = "--connections", paramLabel = "N",
        description = "Trader connections, each its own user and account (default ${DEFAULT-VALUE}).")
    int connections = 4;

    @Option(names = "--threads", paramLabel = "T",
        description = "Driver threads; connection c is driven by thread c %% T (default ${DEFAULT-VALUE}).")
    int threads = 1;

    @Option(names = "--rates", paramLabel = "R1,R2,...", split = ",", converter = Rate.class,
        description = {"Offered rates, messages/s over all connections, swept upwards until saturated",
            "(default 1000,5000,10000,50000,100000,200000,400000,800000; 100_000 reads as 100000)."})
    List<Long> rates = List.of(1_000L, 5_000L, 10_000L, 50_000L, 100_000L, 200_000L, 400_000L, 800_000L);

    @Option(names = "--warmup", paramLabel = "S", description = "Seconds of warm-up per step, not recorded " +
        "(default ${DEFAULT-VALUE}).")
    double warmupSeconds = 2;

    @Option(names = "--measure", paramLabel = "S", description = "Seconds measured per step (default ${DEFAULT-VALUE}).")
    double measureSeconds = 5;

    @Option(names = "--drain", paramLabel = "S",
        description = "Seconds to wait for the last answers after a step's schedule (default ${DEFAULT-VALUE}).")
    double drainSeconds = 5;

    @Option(names = "--floor-rate", paramLabel = "R", converter = Rate.class,
        description = "Offered rate of the raw TCP floor (default: the first rate).")
    long floorRate;

    @Option(names = "--p99-limit-us", paramLabel = "U",
        description = "A step whose p99 exceeds this is saturated (default ${DEFAULT-VALUE}: a queue is building).")
    double p99LimitMicros = 100_000;

    @Option(names = "--min-achieved", paramLabel = "F",
        description = "A step achieving less than F x offered is saturated (default ${DEFAULT-VALUE}).")
    double minAchievedShare = 0.95;

    @Option(names = "--results", paramLabel = "DIR",
        description = "Where to write (default benchmarks/target/e2e-results/<timestamp>).")
    Path results;

    @Option(names = "--connect", paramLabel = "HOST:PORT", converter = Address.class,
        description = {"Drive a running server instead of starting one; it must have users trd1..N (password",
            "bench-trdN) trading accounts 1..N on instrument 1 (tick 100, lot 100000), funded in assets 1 and 2."})
    InetSocketAddress connect;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
        description = {"Server configuration key for the in-process server, repeatable (e.g. wait=LOW_LATENCY,",
            "pipeline=SERIAL, durability=FSYNC); default: the server's defaults, process mode."})
    Map<String, String> serverSettings = new LinkedHashMap<>();

    /** @return why the options cannot run, or null when they can. */
    String problem()
    {
        if (connections < 1 || threads < 1)
        {
            return "--connections and --threads must be at least 1";
        }
        if (rates.isEmpty())
        {
            return "--rates needs at least one rate";
        }
        return measureSeconds <= 0 || warmupSeconds < 0 || drainSeconds < 0 ?
            "--measure must be above 0, --warmup and --drain at least 0" : null;
    }

    long floorRate()
    {
        return floorRate > 0 ? floorRate : rates.get(0);
    }

    Properties serverProperties()
    {
        final Properties properties = new Properties();
        serverSettings.forEach((key, value) -> properties.setProperty(key.trim(), value.trim()));
        return properties;
    }

    /** A positive rate; underscores group digits. */
    static final class Rate implements ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            final long rate;
            try
            {
                rate = Long.parseLong(value.trim().replace("_", ""));
            }
            catch (final NumberFormatException ex)
            {
                throw new TypeConversionException("'" + value + "' is not a rate: messages per second, such as 50000");
            }
            if (rate <= 0)
            {
                throw new TypeConversionException("rates must be positive, not " + value);
            }
            return rate;
        }
    }

    /** HOST:PORT. */
    static final class Address implements ITypeConverter<InetSocketAddress>
    {
        @Override
        public InetSocketAddress convert(final String value)
        {
            final int colon = value.lastIndexOf(':');
            if (colon < 0)
            {
                throw new TypeConversionException("--connect needs HOST:PORT, not '" + value + "'");
            }
            try
            {
                return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new TypeConversionException("--connect needs HOST:PORT, not '" + value + "'");
            }
        }
    }
}
