package dev.exengine.bench.e2e;

import dev.exengine.journal.ProductVersion;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;

/**
 * What a run's figures depend on beside the code, kept with them in summary.json and on each plot: the build (version
 * and commit), the JVM's flags, the server's configuration, and how busy the machine was before and after.
 *
 * @param configuration the in-process server's effective configuration, or null when the run drove a running server.
 * @param connectedTo   the running server driven (--connect), or null.
 */
record RunConditions(
    String version, String commit, Instant startedAt, List<String> jvmFlags, SortedMap<String, String> configuration,
    String connectedTo, LoadAverage before, LoadAverage after)
{
    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

    /** The conditions of a run in this JVM, its flags as the launcher passed them, the load average as it is now. */
    static RunConditions of(
        final Instant startedAt, final SortedMap<String, String> configuration, final String connectedTo,
        final LoadAverage before)
    {
        return new RunConditions(ProductVersion.version(), ProductVersion.commit(), startedAt,
            ManagementFactory.getRuntimeMXBean().getInputArguments(), configuration, connectedTo, before,
            LoadAverage.read());
    }

    /**
     * The system's load averages over 1, 5 and 15 minutes, from /proc/loadavg; where there is none, the JVM's
     * 1-minute figure and null for the others.
     */
    record LoadAverage(Double oneMinute, Double fiveMinutes, Double fifteenMinutes)
    {
        static LoadAverage read()
        {
            try
            {
                final String[] fields = Files.readString(LOAD_AVERAGE).trim().split("\\s+");
                return new LoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2]));
            }
            catch (final IOException | RuntimeException ex)
            {
                return new LoadAverage(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), null, null);
            }
        }

        List<Double> values()
        {
            return Arrays.asList(oneMinute, fiveMinutes, fifteenMinutes);
        }

        @Override
        public String toString()
        {
            return String.format(Locale.ROOT, "%.2f %s %s", oneMinute, fiveMinutes == null ? "-" :
                String.format(Locale.ROOT, "%.2f", fiveMinutes), fifteenMinutes == null ? "-" :
                String.format(Locale.ROOT, "%.2f", fifteenMinutes));
        }
    }
}
