package dev.exengine.server;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandText;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.replication.ReplicationSettings;
import dev.exengine.server.monitoring.MonitoringSettings;
import dev.exengine.storage.DataDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's configuration: the embedded defaults (engine-default.properties), overlaid by an operator's file,
 * overlaid by command-line options, all under the same keys. Everything is checked when read, so a typo stops the
 * start with a message naming the key.
 */
public final class ServerSettings
{
    private static final String DEFAULTS = "/engine-default.properties";
    private static final String MARKET_PREFIX = "market.";
    private static final String USER_PREFIX = "user.";
    private static final String MARKET_DATA = "market-data.";
    /** Direct memory beyond the gateway's buffers: the demo's clients, the JDK's own. */
    private static final long DIRECT_MEMORY_MARGIN = 64L << 20;

    private final Properties properties;

    private ServerSettings(final Properties properties)
    {
        this.properties = properties;
    }

    /**
     * @param file      an operator's configuration file, or null for the embedded defaults alone.
     * @param overrides keys set on the command line; they win over the file.
     */
    public static ServerSettings load(final Path file, final Properties overrides)
    {
        final Properties properties = new Properties();
        try (InputStream defaults = ServerSettings.class.getResourceAsStream(DEFAULTS))
        {
            properties.load(defaults);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the embedded defaults " + DEFAULTS, ex);
        }
        if (file != null)
        {
            final Properties fromFile = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                fromFile.load(reader);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read configuration file " + file, ex);
            }
            replaceSection(properties, fromFile, USER_PREFIX);
            replaceSection(properties, fromFile, MARKET_PREFIX);
            properties.putAll(fromFile);
        }
        properties.putAll(overrides);
        return new ServerSettings(properties);
    }

    /**
     * The effective configuration, key by key and sorted, as a benchmark records what it ran against: every key but
     * the users (their password hashes are secrets) and the starting market (the set-up, not how the server runs).
     */
    public SortedMap<String, String> configuration()
    {
        final SortedMap<String, String> configuration = new TreeMap<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (!key.startsWith(USER_PREFIX) && !key.startsWith(MARKET_PREFIX))
            {
                configuration.put(key, properties.getProperty(key));
            }
        }
        return configuration;
    }

    public Path dataDirectory()
    {
        return Path.of(value("data"));
    }

    public InetSocketAddress listenAddress()
    {
        return address("listen", value("listen"));
    }

    /** What this node starts as: the primary, or a standby of {@code replication.primary}. */
    public Role role()
    {
        return choice("role", Role.class);
    }

    /** The roles a node starts in. */
    public enum Role
    {
        PRIMARY, STANDBY
    }

    /**
     * @return how this node replicates, or null when it does not (no replication port, not a standby).
     */
    public ReplicationSettings replication()
    {
        final String listen = optional("replication.listen");
        final String primary = optional("replication.primary");
        final Role role = role();
        if (role == Role.STANDBY && primary == null)
        {
            throw new IllegalArgumentException("configuration key 'replication.primary' is missing: a standby follows " +
                "a primary (bin/engine server --standby-of HOST:PORT)");
        }
        if (listen == null && primary == null)
        {
            if (choice("durability", DurabilityMode.class) == DurabilityMode.REPLICATED)
            {
                throw new IllegalArgumentException("durability 'replicated' needs 'replication.listen': the primary's " +
                    "replication port, where its standby connects");
            }
            return null;
        }
        final String credential = optional("replication.credential");
        final PasswordHash hash = credential == null ? null : parseHash("replication.credential", credential);
        final List<InetSocketAddress> peers = new ArrayList<>();
        final String peerList = optional("replication.peers");
        if (peerList != null)
        {
            for (final String peer : peerList.split(","))
            {
                peers.add(address("replication.peers", peer.trim()));
            }
        }
        return new ReplicationSettings(
            listen == null ? null : address("replication.listen", listen),
            role == Role.STANDBY ? address("replication.primary", primary) : null,
            value("replication.user"),
            optional("replication.password"),
            hash == null ? null : (user, password) -> hash.matches(password),
            peers,
            choice("replication.on-standby-loss", ReplicationSettings.StandbyLossPolicy.class),
            Duration.ofMillis(number("replication.fallback-after-ms")),
            Duration.ofMillis(number("replication.heartbeat-ms")),
            Duration.ofMillis(number("replication.timeout-ms")));
    }

    /**
     * How the node is watched: the admin endpoint ({@code admin.listen}: HOST:PORT, or {@code off} or empty for none)
     * and the bounds of its readiness ({@code health.*}).
     */
    public MonitoringSettings monitoring()
    {
        return new MonitoringSettings(adminAddress(), nonNegative("health.standby-max-lag-records"),
            Duration.ofMillis(nonNegative("health.standby-max-lag-ms")), size("health.min-free-disk"));
    }

    /** The admin endpoint's address, or null when it is off. */
    public InetSocketAddress adminAddress()
    {
        final String admin = optional("admin.listen");
        return admin == null || admin.equalsIgnoreCase("off") ? null : address("admin.listen", admin);
    }

    private long nonNegative(final String key)
    {
        final long value = number(key);
        if (value < 0)
        {
            throw new IllegalArgumentException("configuration key '" + key + "' must not be negative, not " + value);
        }
        return value;
    }

    /** The replication user an operator's command logs in as. */
    public String replicationUser()
    {
        return value("replication.user");
    }

    /** The replication password an operator's command logs in with; empty when the configuration has none. */
    public String replicationPassword()
    {
        final String password = optional("replication.password");
        return password == null ? "" : password;
    }

    private String optional(final String key)
    {
        final String value = properties.getProperty(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static PasswordHash parseHash(final String key, final String text)
    {
        try
        {
            return PasswordHash.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a password hash line " +
                "(bin/engine hash-password), not '" + text + "'", ex);
        }
    }

    private static InetSocketAddress address(final String key, final String text)
    {
        final int colon = text.lastIndexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException(key + " must be HOST:PORT, not '" + text + "'");
        }
        return new InetSocketAddress(text.substring(0, colon), (int)number(key, text.substring(colon + 1)));
    }

    public EngineConfig engineConfig()
    {
        return new EngineConfig()
            .dataDirectory(dataDirectory())
            .durabilityMode(choice("durability", DurabilityMode.class))
            .pipelineMode(choice("pipeline", PipelineMode.class))
            .waitProfile(waitProfile())
            .snapshotEveryCommands(number("snapshot.every"))
            .snapshotsToKeep((int)number("snapshot.keep"));
    }

    /** The engine threads' wait profile; the gateway thread follows it too. */
    private WaitProfile waitProfile()
    {
        return choice("wait", WaitProfile.class);
    }

    public GatewayConfig gatewayConfig()
    {
        return new GatewayConfig()
            .listenAddress(listenAddress())
            .dataDirectory(dataDirectory().resolve(DataDirectory.GATEWAY))
            .users(UserDirectory.fromProperties(properties))
            .maxConnections((int)number("gateway.max-connections"))
            .maxUnauthenticatedPerAddress((int)number("gateway.max-unauthenticated-per-address"))
            .maxPacketLength((int)number("gateway.max-packet-length"))
            .sendBufferBytes((int)number("gateway.send-buffer-bytes"))
            .commandsPerSecond(number("gateway.commands-per-second"))
            .commandBurst(number("gateway.command-burst"))
            .busySpin(waitProfile() == WaitProfile.LOW_LATENCY)
            .validate();
    }

    /**
     * @return the market-data feed's configuration, or null when {@code market-data.listen} is off.
     */
    public FeedConfig feedConfig()
    {
        final String listen = properties.getProperty(MARKET_DATA + "listen", "").trim();
        if (listen.isEmpty() || listen.equalsIgnoreCase("off"))
        {
            return null;
        }
        final Properties users = new Properties();
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith(MARKET_DATA + "user."))
            {
                users.setProperty(key.substring(MARKET_DATA.length()), properties.getProperty(key));
            }
        }
        return new FeedConfig()
            .port(new GatewayConfig()
                .listenAddress(address(MARKET_DATA + "listen", listen))
                .dataDirectory(dataDirectory().resolve(DataDirectory.MARKET_DATA))
                .users(UserDirectory.fromProperties(users))
                .maxConnections((int)number(MARKET_DATA + "max-connections"))
                .sendBufferBytes((int)number(MARKET_DATA + "send-buffer-bytes"))
                .socketSendBufferBytes((int)number(MARKET_DATA + "socket-send-buffer-bytes"))
                .busySpin(false))
            .anonymous(Boolean.parseBoolean(value(MARKET_DATA + "anonymous")))
            .maxLagMessages(number(MARKET_DATA + "max-lag"))
            .priceLevels((int)number(MARKET_DATA + "levels"))
            .priceLevelsIntervalMillis(number(MARKET_DATA + "levels-interval-ms"))
            .validate();
    }

    /**
     * The JVM memory options the launcher ({@code bin/engine}) starts the server with: the heap from {@code jvm.heap};
     * the direct memory from the gateway's and the market-data feed's limits, since every connection holds a direct
     * send buffer ({@code gateway.send-buffer-bytes}, {@code market-data.send-buffer-bytes}) and a receive buffer of two
     * packets, beside each server's event ring; both in MiB, rounded up.
     */
    public List<String> jvmMemoryOptions()
    {
        final FeedConfig feed = feedConfig();
        final long direct = directMemory(gatewayConfig()) + (feed == null ? 0 : directMemory(feed.port())) +
            DIRECT_MEMORY_MARGIN;
        return List.of("-Xmx" + mebibytes(size("jvm.heap")) + "m",
            "-XX:MaxDirectMemorySize=" + mebibytes(direct) + "m");
    }

    /** A SoupBinTCP port's direct buffers: each connection's send buffer and two packets, and the event ring. */
    private static long directMemory(final GatewayConfig port)
    {
        final long perConnection = port.sendBufferBytes() + 2L * (port.maxPacketLength() + SoupBinTcp.LENGTH_FIELD_SIZE);
        return port.maxConnections() * perConnection + port.eventRingBytes();
    }

    /**
     * @return the commands that set up the starting market, in key order.
     */
    public List<Command> marketCommands()
    {
        final TreeSet<String> keys = new TreeSet<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith(MARKET_PREFIX))
            {
                keys.add(key);
            }
        }
        final List<Command> commands = new ArrayList<>();
        for (final String key : keys)
        {
            try
            {
                commands.add(CommandText.parse(properties.getProperty(key), new Command()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(key + ": " + ex.getMessage(), ex);
            }
        }
        return commands;
    }

    /** A file that names users or a market replaces the default ones whole rather than mixing with them. */
    private static void replaceSection(final Properties base, final Properties file, final String prefix)
    {
        if (file.stringPropertyNames().stream().anyMatch(key -> key.startsWith(prefix)))
        {
            base.stringPropertyNames().stream().filter(key -> key.startsWith(prefix)).forEach(base::remove);
        }
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
        return number(key, value(key));
    }

    private static long number(final String key, final String text)
    {
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a number, not '" + text + "'");
        }
    }

    /** A size in bytes: a number, or a number with k, m or g (binary multiples), as the JVM's own options take. */
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
        throw new IllegalArgumentException("configuration key '" + key +
            "' must be a size (bytes, or a number with k, m or g), not '" + value(key) + "'");
    }

    private static long mebibytes(final long bytes)
    {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private <E extends Enum<E>> E choice(final String key, final Class<E> type)
    {
        final String text = value(key);
        try
        {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("configuration key '" + key + "' must be one of " +
                List.of(type.getEnumConstants()) + ", not '" + text + "'");
        }
    }
}
