package dev.exengine.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's configuration: every {@code cluster.*} key, its default in {@code cluster-default.properties}, checked
 * when read so that a mistake stops the start with a message naming the key. The one place where the cluster's keys are
 * read; the server passes in what its configuration file and command line set.
 */
public final class ClusterSettings
{
    /** The key prefix every cluster key has. */
    public static final String PREFIX = "cluster.";
    private static final String DEFAULTS = "/cluster-default.properties";
    /** Ports a member takes above its base: ingress, consensus, log, catch-up, archive control and replication. */
    static final int PORTS_PER_MEMBER = 10;

    /** How the member's threads wait when idle. */
    public enum Wait
    {
        BALANCED, LOW_CPU, LOW_LATENCY
    }

    private final Properties properties;

    private ClusterSettings(final Properties properties)
    {
        this.properties = properties;
        validate();
    }

    /**
     * @param keys the {@code cluster.*} keys the operator set (others are ignored); they override the defaults.
     * @throws IllegalArgumentException naming the key, when a value is missing or malformed, or an unknown
     *                                  {@code cluster.} key is set (a typo would otherwise be ignored).
     */
    public static ClusterSettings load(final Map<String, String> keys)
    {
        final Properties properties = defaults();
        for (final Map.Entry<String, String> entry : keys.entrySet())
        {
            if (entry.getKey().startsWith(PREFIX))
            {
                if (!properties.containsKey(entry.getKey()))
                {
                    throw new IllegalArgumentException("unknown configuration key '" + entry.getKey() + "' (the " +
                        "cluster's keys are those of cluster-default.properties)");
                }
                properties.setProperty(entry.getKey(), entry.getValue());
            }
        }
        return new ClusterSettings(properties);
    }

    /** Every cluster key with its effective value, sorted: for a benchmark to record what it ran against. */
    public SortedMap<String, String> configuration()
    {
        final SortedMap<String, String> configuration = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> configuration.put(key, properties.getProperty(key)));
        return configuration;
    }

    public String name()
    {
        return value("cluster.name");
    }

    public int memberId()
    {
        return (int)number("cluster.member-id");
    }

    /** The members' hosts, in member-id order. */
    public List<String> hosts()
    {
        final List<String> hosts = new ArrayList<>();
        for (final String host : value("cluster.members").split(","))
        {
            hosts.add(host.trim());
        }
        return hosts;
    }

    public int memberCount()
    {
        return hosts().size();
    }

    /** This member's host. */
    public String host()
    {
        return hosts().get(memberId());
    }

    /** The port of a member's endpoint: {@code port-base + 10 * member + which}. */
    int port(final int member, final int which)
    {
        return (int)number("cluster.port-base") + PORTS_PER_MEMBER * member + which;
    }

    /**
     * The members in Aeron's form ({@code id,ingress,consensus,log,catchup,archiveControl|...}).
     */
    public String aeronMembers()
    {
        final List<String> hosts = hosts();
        final StringBuilder members = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++)
        {
            final String host = hosts.get(i);
            members.append(i == 0 ? "" : "|").append(i);
            for (int which = MemberPorts.INGRESS; which <= MemberPorts.ARCHIVE_CONTROL; which++)
            {
                members.append(',').append(host).append(':').append(port(i, which));
            }
        }
        return members.toString();
    }

    /** The members' ingress endpoints in a client's form ({@code 0=host:port,1=host:port,...}). */
    public String ingressEndpoints()
    {
        final List<String> hosts = hosts();
        final StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++)
        {
            endpoints.append(i == 0 ? "" : ",").append(i).append('=').append(hosts.get(i)).append(':')
                .append(port(i, MemberPorts.INGRESS));
        }
        return endpoints.toString();
    }

    /** Every member's gateway address, in member-id order. */
    public List<InetSocketAddress> gatewayAddresses()
    {
        final List<InetSocketAddress> addresses = new ArrayList<>();
        for (final String address : value("cluster.listen").split(","))
        {
            addresses.add(address("cluster.listen", address.trim()));
        }
        return addresses;
    }

    /**
     * Where this member's admin HTTP endpoint listens ({@code /health/live}, {@code /health/ready}, {@code /metrics}),
     * from {@code cluster.admin-listen} (one address per member, in member-id order); null when the key is
     * {@code off} or empty (the member's counters file is written all the same).
     */
    public InetSocketAddress adminAddress()
    {
        final List<InetSocketAddress> addresses = adminAddresses();
        return addresses.isEmpty() ? null : addresses.get(memberId());
    }

    private List<InetSocketAddress> adminAddresses()
    {
        final String configured = properties.getProperty("cluster.admin-listen", "").trim();
        final List<InetSocketAddress> addresses = new ArrayList<>();
        if (configured.isEmpty() || configured.equalsIgnoreCase("off"))
        {
            return addresses;
        }
        for (final String address : configured.split(","))
        {
            addresses.add(address("cluster.admin-listen", address.trim()));
        }
        return addresses;
    }

    /** Where this member's gateway listens. */
    public InetSocketAddress gatewayAddress()
    {
        return gatewayAddresses().get(memberId());
    }

    /** The member's Aeron directory: the configured one, or one on tmpfs named after the cluster and member. */
    public String aeronDirectory()
    {
        final String configured = properties.getProperty("cluster.aeron-dir", "").trim();
        if (!configured.isEmpty())
        {
            return configured;
        }
        final File shm = new File("/dev/shm");
        final String parent = shm.isDirectory() ? shm.getPath() : System.getProperty("java.io.tmpdir");
        return new File(parent, "exengine-" + name() + "-" + memberId()).getPath();
    }

    public long heartbeatIntervalNs()
    {
        return millis("cluster.heartbeat-interval-ms");
    }

    public long heartbeatTimeoutNs()
    {
        return millis("cluster.heartbeat-timeout-ms");
    }

    public long electionTimeoutNs()
    {
        return millis("cluster.election-timeout-ms");
    }

    public long startupCanvassTimeoutNs()
    {
        return millis("cluster.startup-canvass-timeout-ms");
    }

    public long sessionTimeoutNs()
    {
        return millis("cluster.session-timeout-ms");
    }

    public long newLeaderTimeoutNs()
    {
        return millis("cluster.new-leader-timeout-ms");
    }

    public long messageTimeoutNs()
    {
        return millis("cluster.message-timeout-ms");
    }

    public long resendAfterNs()
    {
        return millis("cluster.resend-after-ms");
    }

    public int ingressWindow()
    {
        return (int)number("cluster.ingress-window");
    }

    public int logTermLength()
    {
        return termLength("cluster.log-term-length");
    }

    public int ingressTermLength()
    {
        return termLength("cluster.ingress-term-length");
    }

    public int egressTermLength()
    {
        return termLength("cluster.egress-term-length");
    }

    public int driverTermLength()
    {
        return termLength("cluster.driver-term-length");
    }

    public int archiveSegmentLength()
    {
        return (int)size("cluster.archive-segment-length");
    }

    public Wait waitMode()
    {
        final String text = value("cluster.wait");
        try
        {
            return Wait.valueOf(text.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("configuration key 'cluster.wait' must be one of " +
                List.of(Wait.values()) + ", not '" + text + "'");
        }
    }

    public long snapshotEveryCommands()
    {
        return number("cluster.snapshot-every");
    }

    public int snapshotsToKeep()
    {
        return (int)number("cluster.snapshot-keep");
    }

    public int maxSessions()
    {
        return (int)number("cluster.max-sessions");
    }

    private void validate()
    {
        if (name().isEmpty() || !name().chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-')))
        {
            throw new IllegalArgumentException("configuration key 'cluster.name' must be letters, digits and '-', " +
                "not '" + name() + "'");
        }
        final List<String> hosts = hosts();
        if (hosts.stream().anyMatch(String::isEmpty))
        {
            throw new IllegalArgumentException("configuration key 'cluster.members' has an empty host: '" +
                value("cluster.members") + "'");
        }
        final int member = memberId();
        if (member < 0 || member >= hosts.size())
        {
            throw new IllegalArgumentException("configuration key 'cluster.member-id' is " + member + ", but " +
                "cluster.members names " + hosts.size() + " members (ids 0.." + (hosts.size() - 1) + ")");
        }
        if (gatewayAddresses().size() != hosts.size())
        {
            throw new IllegalArgumentException("configuration key 'cluster.listen' names " +
                gatewayAddresses().size() + " addresses, one per member is needed: " + hosts.size());
        }
        if (!adminAddresses().isEmpty() && adminAddresses().size() != hosts.size())
        {
            throw new IllegalArgumentException("configuration key 'cluster.admin-listen' names " +
                adminAddresses().size() + " addresses, one per member is needed: " + hosts.size() + " (or off)");
        }
        final long base = number("cluster.port-base");
        if (base < 1024 || base + (long)PORTS_PER_MEMBER * hosts.size() > 65535)
        {
            throw new IllegalArgumentException("configuration key 'cluster.port-base' must leave room for " +
                PORTS_PER_MEMBER + " ports per member between 1024 and 65535, not " + base);
        }
        if (startupCanvassTimeoutNs() < 2 * heartbeatTimeoutNs())
        {
            throw new IllegalArgumentException("configuration key 'cluster.startup-canvass-timeout-ms' must be at " +
                "least twice cluster.heartbeat-timeout-ms");
        }
        if (heartbeatIntervalNs() <= 0 || heartbeatTimeoutNs() <= heartbeatIntervalNs())
        {
            throw new IllegalArgumentException("configuration key 'cluster.heartbeat-timeout-ms' must be above " +
                "cluster.heartbeat-interval-ms (many times it: a few late heartbeats are no failure), and both " +
                "above 0");
        }
        for (final String key : List.of("cluster.election-timeout-ms", "cluster.session-timeout-ms",
            "cluster.new-leader-timeout-ms", "cluster.message-timeout-ms", "cluster.resend-after-ms",
            "cluster.ingress-window", "cluster.snapshot-keep", "cluster.max-sessions"))
        {
            if (number(key) <= 0)
            {
                throw new IllegalArgumentException("configuration key '" + key + "' must be above 0");
            }
        }
        if (snapshotEveryCommands() < 0)
        {
            throw new IllegalArgumentException("configuration key 'cluster.snapshot-every' must be 0 or more");
        }
        logTermLength();
        ingressTermLength();
        egressTermLength();
        driverTermLength();
        final long segment = size("cluster.archive-segment-length");
        if (Long.bitCount(segment) != 1 || segment < logTermLength() || segment > (1L << 30))
        {
            throw new IllegalArgumentException("configuration key 'cluster.archive-segment-length' must be a power " +
                "of 2 from the log's term length up to 1g, not " + value("cluster.archive-segment-length"));
        }
        waitMode();
    }

    private static Properties defaults()
    {
        final Properties properties = new Properties();
        try (InputStream defaults = ClusterSettings.class.getResourceAsStream(DEFAULTS))
        {
            properties.load(defaults);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the embedded defaults " + DEFAULTS, ex);
        }
        return properties;
    }

    private String value(final String key)
    {
        final String value = properties.getProperty(key);
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException("configuration key '" + key + "' is missing");
        }
        return value.trim();
    }

    private long number(final String key)
    {
        final String text = value(key);
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a number, not '" + text + "'");
        }
    }

    private long millis(final String key)
    {
        return TimeUnit.MILLISECONDS.toNanos(number(key));
    }

    /** Aeron's term lengths: a power of 2 from 64 KiB to 1 GiB. */
    private int termLength(final String key)
    {
        final long length = size(key);
        if (Long.bitCount(length) != 1 || length < (64 << 10) || length > (1L << 30))
        {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a power of 2 from 64k to " +
                "1g, not " + value(key));
        }
        return (int)length;
    }

    /** A size in bytes: a number, or a number with k, m or g (binary multiples). */
    private long size(final String key)
    {
        final String text = value(key).toLowerCase(Locale.ROOT);
        final int shift = text.endsWith("k") ? 10 : text.endsWith("m") ? 20 : text.endsWith("g") ? 30 : 0;
        try
        {
            final long number = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
            if (number > 0 && number <= Long.MAX_VALUE >> shift)
            {
                return number << shift;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // Reported below, with the key.
        }
        throw new IllegalArgumentException("configuration key '" + key + "' must be a size (bytes, or a number " +
            "with k, m or g), not '" + value(key) + "'");
    }

    private static InetSocketAddress address(final String key, final String text)
    {
        final int colon = text.lastIndexOf(':');
        try
        {
            if (colon > 0)
            {
                return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            // Reported below, with the key.
        }
        throw new IllegalArgumentException("configuration key '" + key + "' must list HOST:PORT addresses, not '" +
            text + "'");
    }
}
