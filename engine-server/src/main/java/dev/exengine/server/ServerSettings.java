package dev.exengine.server;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandText;
import dev.exengine.gateway.GatewayConfig;
import dev.exengine.gateway.intake.TokenBucket;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.gateway.feed.FeedConfig;
import dev.exengine.journal.DurabilityMode;
import dev.exengine.logging.LoggingDefaults;
import dev.exengine.pipeline.config.EngineConfig;
import dev.exengine.pipeline.config.PipelineMode;
import dev.exengine.pipeline.config.WaitProfile;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import dev.exengine.replication.ReplicationSettings;
import dev.exengine.server.config.ConfigKeys;
import dev.exengine.server.config.ConfigValues;
import dev.exengine.server.config.Overrides;
import dev.exengine.server.monitoring.MonitoringSettings;
import dev.exengine.storage.DataDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server's configuration: the embedded defaults (engine-default.properties), overlaid by an operator's file,
 * overlaid by command-line options, all under the same keys ({@link ConfigValues}). A key the registry
 * ({@link ConfigKeys}) does not know stops the load; every value is checked when read, and {@link #validate()} reads
 * them all, so that a mistake stops the start (or {@code bin/engine check-config}) with a message naming the option or
 * the key, and the file and line, where it was written.
 */
public final class ServerSettings
{
    private static final String MARKET_PREFIX = "market.";
    private static final String USER_PREFIX = "user.";
    private static final String MARKET_DATA = "market-data.";
    /** Direct memory beyond the gateway's buffers: the demo's clients, the JDK's own. */
    private static final long DIRECT_MEMORY_MARGIN = 64L << 20;
    private static final long INT_MAX = Integer.MAX_VALUE;
    /** A listen key's value that turns its port off, beside a blank one. */
    private static final String OFF = "off";

    private final ConfigValues values;
    private final Properties properties;

    private ServerSettings(final ConfigValues values)
    {
        this.values = values;
        this.properties = values.properties();
    }

    /**
     * @param file      an operator's configuration file, or null for the embedded defaults alone.
     * @param overrides keys set by a program; they win over the file.
     */
    public static ServerSettings load(final Path file, final Properties overrides)
    {
        return load(file, Overrides.of(overrides));
    }

    /**
     * @param file      an operator's configuration file, or null for the embedded defaults alone.
     * @param overrides keys set on the command line, with their options; they win over the file.
     * @throws IllegalArgumentException listing the unknown keys, or naming a key set twice.
     * @throws java.io.UncheckedIOException when the file cannot be read.
     */
    public static ServerSettings load(final Path file, final Overrides overrides)
    {
        return new ServerSettings(ConfigValues.load(file, overrides));
    }

    /**
     * Reads every value a node's start reads, so that a configuration that passes starts as far as its values go.
     * A feature that adds keys reads them here too.
     *
     * @return this.
     * @throws IllegalArgumentException naming the option or key of the first mistake.
     */
    public ServerSettings validate()
    {
        final EngineConfig engine = engineConfig();
        if (engine.durabilityMode() == DurabilityMode.REPLICATED && engine.pipelineMode() == PipelineMode.PARALLEL)
        {
            throw values.mistake("pipeline", "is PARALLEL, which replicated durability does not run (its events are " +
                "released a batch at a time, once the standby has the batch): INLINE or SERIAL");
        }
        gatewayConfig();
        replication();
        feedConfig();
        marketCommands();
        jvmMemoryOptions();
        listenAddresses();
        monitoring();
        loggingConfiguration();
        return this;
    }

    /** The values and where each comes from. */
    public ConfigValues values()
    {
        return values;
    }

    /**
     * The effective configuration, key by key and sorted, as a benchmark records what it ran against: every key but
     * the families (the users, the starting market: the set-up, not how the server runs) and the secrets.
     */
    public SortedMap<String, String> configuration()
    {
        final SortedMap<String, String> configuration = new TreeMap<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (ConfigKeys.family(key) == null && !ConfigKeys.isSecret(key))
            {
                configuration.put(key, properties.getProperty(key));
            }
        }
        return configuration;
    }

    /**
     * What the operator changed from the embedded defaults, key by key and sorted, each secret's value hidden: what
     * the log says at start.
     */
    public SortedMap<String, String> changes()
    {
        final SortedMap<String, String> changes = new TreeMap<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (!values.isDefault(key))
            {
                changes.put(key, ConfigKeys.isSecret(key) ? "(secret)" : properties.getProperty(key));
            }
        }
        return changes;
    }

    public Path dataDirectory()
    {
        final String data = value("data");
        try
        {
            return Path.of(data);
        }
        catch (final InvalidPathException ex)
        {
            throw values.mistake("data", "is not a path: " + ex.getMessage());
        }
    }

    public InetSocketAddress listenAddress()
    {
        return values.listenAddress("listen", value("listen"));
    }

    /**
     * Every address this node listens on, by key: {@code listen} and every key ending in {@code .listen} that is set
     * and not {@code off}. A feature's port is here as soon as its key is named so.
     */
    public Map<String, InetSocketAddress> listenAddresses()
    {
        final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        for (final String key : new TreeSet<>(properties.stringPropertyNames()))
        {
            final String value = optional(key);
            if ((key.equals("listen") || key.endsWith(".listen")) && value != null && !value.equalsIgnoreCase(OFF))
            {
                final InetSocketAddress address = values.listenAddress(key, value);
                for (final Map.Entry<String, InetSocketAddress> other : addresses.entrySet())
                {
                    if (clash(address, other.getValue()))
                    {
                        throw values.mistake(key, "names port " + address.getPort() + ", which '" + other.getKey() +
                            "' listens on too");
                    }
                }
                addresses.put(key, address);
            }
        }
        return addresses;
    }

    /** Two listen addresses that cannot both be bound: the same port on the same host, or on every interface. */
    private static boolean clash(final InetSocketAddress a, final InetSocketAddress b)
    {
        return a.getPort() != 0 && a.getPort() == b.getPort() && (a.getAddress().equals(b.getAddress()) ||
            a.getAddress().isAnyLocalAddress() || b.getAddress().isAnyLocalAddress());
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
            throw values.mistake("role", "is STANDBY but 'replication.primary' is missing: a standby follows a " +
                "primary (bin/engine server --standby-of HOST:PORT)");
        }
        final long heartbeat = values.number("replication.heartbeat-ms", 1, INT_MAX);
        final long timeout = values.number("replication.timeout-ms", 1, INT_MAX);
        if (timeout <= heartbeat)
        {
            throw values.mistake("replication.timeout-ms", "must be longer than replication.heartbeat-ms (" +
                heartbeat + "), not " + timeout);
        }
        final long fallbackAfter = values.number("replication.fallback-after-ms", 0, INT_MAX);
        final String user = replicationUser();
        final ReplicationSettings.StandbyLossPolicy onStandbyLoss =
            choice("replication.on-standby-loss", ReplicationSettings.StandbyLossPolicy.class);
        if (listen == null && primary == null)
        {
            if (choice("durability", DurabilityMode.class) == DurabilityMode.REPLICATED)
            {
                throw values.mistake("durability", "is 'replicated', which needs 'replication.listen': the " +
                    "primary's replication port, where its standby connects");
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
            listen == null ? null : values.listenAddress("replication.listen", listen),
            role == Role.STANDBY ? address("replication.primary", primary) : null,
            user,
            replicationPassword().isEmpty() ? null : replicationPassword(),
            hash == null ? null : (name, password) -> hash.matches(password),
            peers,
            onStandbyLoss,
            Duration.ofMillis(fallbackAfter),
            Duration.ofMillis(heartbeat),
            Duration.ofMillis(timeout));
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
        return admin == null || admin.equalsIgnoreCase(OFF) ? null : values.listenAddress("admin.listen", admin);
    }

    private long nonNegative(final String key)
    {
        return values.number(key, 0, Long.MAX_VALUE);
    }

    /** The replication user an operator's command logs in as. */
    public String replicationUser()
    {
        final String user = value("replication.user");
        if (user.length() > SoupBinTcp.USERNAME_LENGTH)
        {
            throw values.mistake("replication.user", "must be 1 to " + SoupBinTcp.USERNAME_LENGTH +
                " characters (SoupBinTCP's username field), not '" + user + "'");
        }
        return user;
    }

    /** The replication password an operator's command logs in with; empty when the configuration has none. */
    public String replicationPassword()
    {
        final String password = optional("replication.password");
        if (password != null && password.length() > SoupBinTcp.PASSWORD_LENGTH)
        {
            // A longer one would be cut to the login's field and refused at every attempt, far from here.
            throw values.mistake("replication.password", "must be at most " + SoupBinTcp.PASSWORD_LENGTH +
                " characters (SoupBinTCP's password field), not " + password.length());
        }
        return password == null ? "" : password;
    }

    public EngineConfig engineConfig()
    {
        return new EngineConfig()
            .dataDirectory(dataDirectory())
            .durabilityMode(choice("durability", DurabilityMode.class))
            .pipelineMode(choice("pipeline", PipelineMode.class))
            .waitProfile(waitProfile())
            .hosted(threadLayout() == ThreadLayout.SHARED)
            .snapshotEveryCommands(values.number("snapshot.every", 0, Long.MAX_VALUE))
            .snapshotsToKeep((int)values.number("snapshot.keep", 1, INT_MAX))
            .journalPretouchAhead(pretouchAhead("journal.pretouch"));
    }

    /** {@code KEY-ahead} when {@code KEY} is true, else 0 (no pre-touch). */
    private long pretouchAhead(final String key)
    {
        if (!values.bool(key))
        {
            return 0;
        }
        final String aheadKey = key + "-ahead";
        final long ahead = size(aheadKey);
        if (ahead < 4096)
        {
            throw values.mistake(aheadKey, "must be at least a page (4k), not " + ahead + " bytes");
        }
        return ahead;
    }

    /**
     * Whether the gateway and the engine share a thread ({@code threads}), AUTO resolved.
     *
     * @throws IllegalArgumentException naming {@code threads} when SHARED is set with what it cannot run.
     */
    public ThreadLayout threadLayout()
    {
        final ThreadLayout layout = choice("threads", ThreadLayout.class);
        final PipelineMode pipeline = choice("pipeline", PipelineMode.class);
        final DurabilityMode durability = choice("durability", DurabilityMode.class);
        final String unsharable = ThreadLayout.sharable(pipeline, durability);
        if (layout == ThreadLayout.SHARED && unsharable != null)
        {
            throw values.mistake("threads", "is SHARED, but " + unsharable + ": set threads = SEPARATE (or AUTO)");
        }
        return layout.resolve(pipeline, durability, waitProfile());
    }

    /** The engine threads' wait profile; the gateway thread follows it too. */
    private WaitProfile waitProfile()
    {
        return choice("wait", WaitProfile.class);
    }

    public GatewayConfig gatewayConfig()
    {
        final int maxPacketLength = (int)values.number("gateway.max-packet-length", GatewayConfig.MIN_PACKET_LENGTH,
            0xFFFF);
        final long minSendBuffer = 2L * (maxPacketLength + SoupBinTcp.HEADER_SIZE);
        final long sendBuffer = values.number("gateway.send-buffer-bytes", 1, INT_MAX);
        if (sendBuffer < minSendBuffer)
        {
            throw values.mistake("gateway.send-buffer-bytes", "must hold two packets of gateway.max-packet-length (" +
                maxPacketLength + "): at least " + minSendBuffer + ", not " + sendBuffer);
        }
        return new GatewayConfig()
            .listenAddress(listenAddress())
            .dataDirectory(dataDirectory().resolve(DataDirectory.GATEWAY))
            .users(users())
            .maxConnections((int)values.number("gateway.max-connections", 1, INT_MAX))
            .maxUnauthenticated((int)values.number("gateway.max-unauthenticated", 1, INT_MAX))
            .maxUnauthenticatedPerAddress((int)values.number("gateway.max-unauthenticated-per-address", 1, INT_MAX))
            .maxPacketLength(maxPacketLength)
            .sendBufferBytes((int)sendBuffer)
            .commandsPerSecond(values.number("gateway.commands-per-second", 1, TokenBucket.MAX))
            .commandBurst(values.number("gateway.command-burst", 1, TokenBucket.MAX))
            .maxUndecodablePerWindow((int)values.number("gateway.max-undecodable", 0, INT_MAX))
            .undecodableWindowMillis(values.number("gateway.undecodable-window-ms", 1, Long.MAX_VALUE))
            .busySpin(waitProfile() == WaitProfile.LOW_LATENCY)
            .streamPretouchAhead(pretouchAhead("gateway.stream-pretouch"))
            .validate();
    }

    /** The users ({@code user.NAME.password}, {@code .admin}, {@code .accounts}), each value checked with its key. */
    private UserDirectory users()
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith(USER_PREFIX))
            {
                names.add(userName(key, USER_PREFIX));
                final String field = key.substring(key.lastIndexOf('.') + 1);
                switch (field)
                {
                    case "password" -> parseHash(key, value(key));
                    case "admin" -> values.bool(key);
                    default -> accounts(key);
                }
            }
        }
        for (final String name : names)
        {
            if (optional(USER_PREFIX + name + ".password") == null)
            {
                final String some = properties.stringPropertyNames().stream()
                    .filter(key -> key.startsWith(USER_PREFIX + name + ".")).sorted().findFirst().orElseThrow();
                throw values.mistake(some, "names user '" + name + "', who has no " + USER_PREFIX + name +
                    ".password line (bin/engine hash-password " + name + " makes one)");
            }
        }
        return UserDirectory.fromProperties(properties);
    }

    /** The NAME of a {@code PREFIX NAME . FIELD} key, checked as a SoupBinTCP user name. */
    private String userName(final String key, final String prefix)
    {
        final String name = key.substring(prefix.length(), key.lastIndexOf('.'));
        if (name.length() > SoupBinTcp.USERNAME_LENGTH || !name.chars().allMatch(c -> c > ' ' && c < 127))
        {
            throw values.mistake(key, "names user '" + name + "': a SoupBinTCP user name is 1 to " +
                SoupBinTcp.USERNAME_LENGTH + " printable ASCII characters");
        }
        return name;
    }

    private void accounts(final String key)
    {
        final String list = optional(key);
        if (list != null)
        {
            for (final String account : list.split(","))
            {
                values.number(key, account, 1, Long.MAX_VALUE);
            }
        }
    }

    /**
     * @return the market-data feed's configuration, or null when {@code market-data.listen} is off.
     */
    public FeedConfig feedConfig()
    {
        final String listen = optional(MARKET_DATA + "listen");
        if (listen == null || listen.equalsIgnoreCase(OFF))
        {
            return null;
        }
        final Properties users = new Properties();
        for (final String key : properties.stringPropertyNames())
        {
            if (key.startsWith(MARKET_DATA + USER_PREFIX))
            {
                userName(key, MARKET_DATA + USER_PREFIX);
                parseHash(key, value(key));
                users.setProperty(key.substring(MARKET_DATA.length()), properties.getProperty(key));
            }
        }
        final GatewayConfig port = new GatewayConfig();
        final long minSendBuffer = 2L * (port.maxPacketLength() + SoupBinTcp.HEADER_SIZE);
        return new FeedConfig()
            .port(port
                .listenAddress(values.listenAddress(MARKET_DATA + "listen", listen))
                .dataDirectory(dataDirectory().resolve(DataDirectory.MARKET_DATA))
                .users(UserDirectory.fromProperties(users))
                .maxConnections((int)values.number(MARKET_DATA + "max-connections", 1, INT_MAX))
                .sendBufferBytes((int)values.number(MARKET_DATA + "send-buffer-bytes", minSendBuffer, INT_MAX))
                .socketSendBufferBytes((int)values.number(MARKET_DATA + "socket-send-buffer-bytes", 0, INT_MAX))
                .busySpin(false))
            .anonymous(values.bool(MARKET_DATA + "anonymous"))
            .maxLagMessages(values.number(MARKET_DATA + "max-lag", 1, Long.MAX_VALUE))
            .priceLevels((int)values.number(MARKET_DATA + "levels", 1, 1000))
            .priceLevelsIntervalMillis(values.number(MARKET_DATA + "levels-interval-ms", 1, Long.MAX_VALUE))
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
                throw new IllegalArgumentException(values.subject(key) + ": " + ex.getMessage(), ex);
            }
        }
        return commands;
    }

    /**
     * The operator's logging configuration that {@code logging.config} names, checked ({@link LoggingDefaults#check});
     * null when the key is blank (the defaults, or {@code -Djava.util.logging.config.file}).
     */
    public Properties loggingConfiguration()
    {
        final Path file = loggingConfigurationFile();
        if (file == null)
        {
            return null;
        }
        final Properties configuration = new Properties();
        try (InputStream in = Files.newInputStream(file))
        {
            configuration.load(in);
        }
        catch (final IOException ex)
        {
            throw values.mistake("logging.config", "names " + file + ", which cannot be read: " + OsReason.of(ex));
        }
        catch (final IllegalArgumentException ex)
        {
            throw values.mistake("logging.config", "names " + file + ", which does not read: " + ex.getMessage());
        }
        try
        {
            LoggingDefaults.check(configuration, file.toString());
        }
        catch (final IllegalArgumentException ex)
        {
            throw values.mistake("logging.config", "names " + ex.getMessage());
        }
        return configuration;
    }

    /** @return the file {@code logging.config} names, or null when it names none. */
    public Path loggingConfigurationFile()
    {
        final String file = optional("logging.config");
        try
        {
            return file == null ? null : Path.of(file);
        }
        catch (final InvalidPathException ex)
        {
            throw values.mistake("logging.config", "is not a path: " + ex.getMessage());
        }
    }

    private PasswordHash parseHash(final String key, final String text)
    {
        try
        {
            return PasswordHash.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw values.mistake(key, "must be a password hash line (bin/engine hash-password), not '" + text +
                "'");
        }
    }

    private InetSocketAddress address(final String key, final String text)
    {
        return values.address(key, text);
    }

    private String value(final String key)
    {
        return values.text(key);
    }

    private String optional(final String key)
    {
        return values.optional(key);
    }

    /** A size in bytes: a number, or a number with k, m or g (binary multiples), as the JVM's own options take. */
    private long size(final String key)
    {
        return values.size(key);
    }

    private static long mebibytes(final long bytes)
    {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private <E extends Enum<E>> E choice(final String key, final Class<E> type)
    {
        return values.choice(key, type);
    }
}
