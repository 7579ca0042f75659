package dev.exengine.server.monitoring;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a node is watched: where its admin HTTP endpoint listens (if anywhere), and the bounds of its readiness.
 *
 * @param adminListen          the admin endpoint's address ({@code admin.listen}); null: no HTTP endpoint (the
 *                             counters file is written all the same).
 * @param standbyMaxLagRecords a standby is ready while it lacks at most this many of its primary's records
 *                             ({@code health.standby-max-lag-records}).
 * @param standbyMaxLag        ... and has lacked one for at most this long ({@code health.standby-max-lag-ms}).
 * @param minFreeDiskBytes     the journal's file system keeps at least this much free, or the node is not ready
 *                             ({@code health.min-free-disk}).
 */
public record MonitoringSettings(
    InetSocketAddress adminListen, long standbyMaxLagRecords, Duration standbyMaxLag, long minFreeDiskBytes)
{
    public MonitoringSettings
    {
        if (standbyMaxLagRecords < 0 || standbyMaxLag.isNegative() || minFreeDiskBytes < 0)
        {
            throw new IllegalArgumentException("health bounds must not be negative: " + standbyMaxLagRecords +
                " records, " + standbyMaxLag + ", " + minFreeDiskBytes + " bytes");
        }
    }

    /** No HTTP endpoint, and the embedded configuration's bounds: for tests and tools that start a node in process. */
    public static MonitoringSettings withoutHttp()
    {
        return new MonitoringSettings(null, 100_000, Duration.ofSeconds(10), 1L << 30);
    }

    /** The same bounds, with the admin endpoint at this address (port 0: any free port). */
    public MonitoringSettings adminListen(final InetSocketAddress address)
    {
        return new MonitoringSettings(address, standbyMaxLagRecords, standbyMaxLag, minFreeDiskBytes);
    }
}
