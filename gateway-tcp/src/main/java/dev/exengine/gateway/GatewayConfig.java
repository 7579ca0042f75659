package dev.exengine.gateway;

import dev.exengine.gateway.intake.TokenBucket;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.metrics.MetricCounters;
import dev.exengine.protocol.codec.OutboundEncoder;
import dev.exengine.storage.QueuePretouch;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the gateway is configured with; fluent, validated by {@link #validate()} when the gateway is built.
 * Defaults follow the SoupBinTCP practice (1 s heartbeat, 15 s client silence) and suit a small machine.
 */
public final class GatewayConfig
{
    private InetSocketAddress listenAddress = new InetSocketAddress("127.0.0.1", 0);
    private Path dataDirectory;
    private UserDirectory users;
    private int maxConnections = 1024;
    private int maxUnauthenticated = 512;
    private int maxUnauthenticatedPerAddress = 16;
    /** The smallest maximum packet length that holds every engine-to-client message. */
    public static final int MIN_PACKET_LENGTH = OutboundEncoder.MAX_MESSAGE_LENGTH + 1;

    private int maxPacketLength = 1024;
    private int sendBufferBytes = 1 << 20;
    private int socketSendBufferBytes;
    private long heartbeatIntervalMillis = 1_000;
    private long clientTimeoutMillis = 15_000;
    private long loginTimeoutMillis = 5_000;
    private long closeTimeoutMillis = 2_000;
    private long commandsPerSecond = 100_000;
    private long commandBurst = 10_000;
    private int maxThrottlesPerWindow = 1_000;
    private long throttleWindowMillis = 1_000;
    private int maxUndecodablePerWindow = 100;
    private long undecodableWindowMillis = 60_000;
    private int maxFailedLogins = 5;
    private long failedLoginWindowMillis = 60_000;
    private int eventRingBytes = 16 << 20;
    private int replayBatchMessages = 256;
    private boolean busySpin;
    private boolean newSession;
    private boolean unjournaledAnswersInStream = true;
    private long streamPretouchAhead;
    private NanoClock clock = SystemNanoClock.INSTANCE;
    private EpochClock wallClock = SystemEpochClock.INSTANCE;
    private MetricCounters metrics;

    /** Where to listen; port 0 picks a free port (see {@link Gateway#localAddress()}). Default 127.0.0.1:0. */
    public InetSocketAddress listenAddress()
    {
        return listenAddress;
    }

    public GatewayConfig listenAddress(final InetSocketAddress listenAddress)
    {
        this.listenAddress = listenAddress;
        return this;
    }

    /** Holds the session id and one outbound store per user ({@code users/<name>}). Required. */
    public Path dataDirectory()
    {
        return dataDirectory;
    }

    public GatewayConfig dataDirectory(final Path dataDirectory)
    {
        this.dataDirectory = dataDirectory;
        return this;
    }

    /** Required. */
    public UserDirectory users()
    {
        return users;
    }

    public GatewayConfig users(final UserDirectory users)
    {
        this.users = users;
        return this;
    }

    /**
     * The table of open connections, in any state. A new connection that finds it full takes the place of the oldest
     * idle connection not logged in; when there is none, it is closed at once.
     */
    public int maxConnections()
    {
        return maxConnections;
    }

    public GatewayConfig maxConnections(final int maxConnections)
    {
        this.maxConnections = maxConnections;
        return this;
    }

    /**
     * Connections that have not logged in yet, from every address (waiting to, being checked, or answered with Login
     * Rejected and closing): the rest of the table is kept for sessions logged in. One more takes the place of the
     * oldest idle one of them, so that a flood of connections that never log in cannot lock out the clients that do;
     * when all of them are being checked, it is closed at once. Takes effect up to {@link #maxConnections()}.
     */
    public int maxUnauthenticated()
    {
        return maxUnauthenticated;
    }

    public GatewayConfig maxUnauthenticated(final int maxUnauthenticated)
    {
        this.maxUnauthenticated = maxUnauthenticated;
        return this;
    }

    /**
     * Connections from one remote address that have not logged in yet (waiting to, or being checked), so that one
     * address cannot take the room of others, nor queue more password checks than this: one more takes the place of
     * the address's oldest connection awaiting its Login Request, or is closed at once when all of them are being
     * checked.
     */
    public int maxUnauthenticatedPerAddress()
    {
        return maxUnauthenticatedPerAddress;
    }

    public GatewayConfig maxUnauthenticatedPerAddress(final int maxUnauthenticatedPerAddress)
    {
        this.maxUnauthenticatedPerAddress = maxUnauthenticatedPerAddress;
        return this;
    }

    /**
     * The largest inbound packet length field (type + payload) accepted; a larger one ends the session. At least
     * {@link #MIN_PACKET_LENGTH}: replay sends stored messages up to this size.
     */
    public int maxPacketLength()
    {
        return maxPacketLength;
    }

    public GatewayConfig maxPacketLength(final int maxPacketLength)
    {
        this.maxPacketLength = maxPacketLength;
        return this;
    }

    /** Per-session send buffer; a caught-up client whose buffer cannot take the next message is disconnected. */
    public int sendBufferBytes()
    {
        return sendBufferBytes;
    }

    public GatewayConfig sendBufferBytes(final int sendBufferBytes)
    {
        this.sendBufferBytes = sendBufferBytes;
        return this;
    }

    /**
     * The kernel's send buffer of each accepted socket (SO_SNDBUF); 0 leaves it to the operating system, which grows it
     * with the connection (on Linux up to {@code net.ipv4.tcp_wmem}'s maximum, 4 MiB by default). A client that stops
     * reading holds at most this much beside {@link #sendBufferBytes()}.
     */
    public int socketSendBufferBytes()
    {
        return socketSendBufferBytes;
    }

    public GatewayConfig socketSendBufferBytes(final int socketSendBufferBytes)
    {
        this.socketSendBufferBytes = socketSendBufferBytes;
        return this;
    }

    /** Server Heartbeat after this much outbound silence. */
    public long heartbeatIntervalMillis()
    {
        return heartbeatIntervalMillis;
    }

    public GatewayConfig heartbeatIntervalMillis(final long heartbeatIntervalMillis)
    {
        this.heartbeatIntervalMillis = heartbeatIntervalMillis;
        return this;
    }

    /** A logged-in client silent this long is disconnected (a 4.x login may ask for less, not more). */
    public long clientTimeoutMillis()
    {
        return clientTimeoutMillis;
    }

    public GatewayConfig clientTimeoutMillis(final long clientTimeoutMillis)
    {
        this.clientTimeoutMillis = clientTimeoutMillis;
        return this;
    }

    /** A connection not logged in this long after connecting is closed. */
    public long loginTimeoutMillis()
    {
        return loginTimeoutMillis;
    }

    public GatewayConfig loginTimeoutMillis(final long loginTimeoutMillis)
    {
        this.loginTimeoutMillis = loginTimeoutMillis;
        return this;
    }

    /**
     * How long a session the server ends (logout, Login Rejected, abuse, a client that stopped reading) may take to
     * write what was queued for it and to see the client close its side; then its socket closes whatever is left.
     */
    public long closeTimeoutMillis()
    {
        return closeTimeoutMillis;
    }

    public GatewayConfig closeTimeoutMillis(final long closeTimeoutMillis)
    {
        this.closeTimeoutMillis = closeTimeoutMillis;
        return this;
    }

    /** Token bucket refill rate per session; at most {@link TokenBucket#MAX}. */
    public long commandsPerSecond()
    {
        return commandsPerSecond;
    }

    public GatewayConfig commandsPerSecond(final long commandsPerSecond)
    {
        this.commandsPerSecond = commandsPerSecond;
        return this;
    }

    /** Token bucket size per session; at most {@link TokenBucket#MAX}. */
    public long commandBurst()
    {
        return commandBurst;
    }

    public GatewayConfig commandBurst(final long commandBurst)
    {
        this.commandBurst = commandBurst;
        return this;
    }

    /** More throttled commands than this within {@link #throttleWindowMillis()} disconnect the session. */
    public int maxThrottlesPerWindow()
    {
        return maxThrottlesPerWindow;
    }

    public GatewayConfig maxThrottlesPerWindow(final int maxThrottlesPerWindow)
    {
        this.maxThrottlesPerWindow = maxThrottlesPerWindow;
        return this;
    }

    public long throttleWindowMillis()
    {
        return throttleWindowMillis;
    }

    public GatewayConfig throttleWindowMillis(final long throttleWindowMillis)
    {
        this.throttleWindowMillis = throttleWindowMillis;
        return this;
    }

    /**
     * Undecodable messages a session may send within {@link #undecodableWindowMillis()}, each answered with a
     * ProtocolReject (unsequenced: never stored); the next one ends the session (its answers queued before are still
     * written), so that a client that keeps sending junk costs the server no more than this.
     */
    public int maxUndecodablePerWindow()
    {
        return maxUndecodablePerWindow;
    }

    public GatewayConfig maxUndecodablePerWindow(final int maxUndecodablePerWindow)
    {
        this.maxUndecodablePerWindow = maxUndecodablePerWindow;
        return this;
    }

    public long undecodableWindowMillis()
    {
        return undecodableWindowMillis;
    }

    public GatewayConfig undecodableWindowMillis(final long undecodableWindowMillis)
    {
        this.undecodableWindowMillis = undecodableWindowMillis;
        return this;
    }

    /** Failed logins per remote address within {@link #failedLoginWindowMillis()} before logins are refused. */
    public int maxFailedLogins()
    {
        return maxFailedLogins;
    }

    public GatewayConfig maxFailedLogins(final int maxFailedLogins)
    {
        this.maxFailedLogins = maxFailedLogins;
        return this;
    }

    public long failedLoginWindowMillis()
    {
        return failedLoginWindowMillis;
    }

    public GatewayConfig failedLoginWindowMillis(final long failedLoginWindowMillis)
    {
        this.failedLoginWindowMillis = failedLoginWindowMillis;
        return this;
    }

    /** Capacity of the ring carrying encoded events from the engine's output thread; a power of two. */
    public int eventRingBytes()
    {
        return eventRingBytes;
    }

    public GatewayConfig eventRingBytes(final int eventRingBytes)
    {
        this.eventRingBytes = eventRingBytes;
        return this;
    }

    /** Stored messages replayed to one session per turn of the server loop, so that replay never stalls others. */
    public int replayBatchMessages()
    {
        return replayBatchMessages;
    }

    public GatewayConfig replayBatchMessages(final int replayBatchMessages)
    {
        this.replayBatchMessages = replayBatchMessages;
        return this;
    }

    /** True: the gateway's thread spins on the selector (lowest latency, one core). False: it sleeps in select. */
    public boolean busySpin()
    {
        return busySpin;
    }

    public GatewayConfig busySpin(final boolean busySpin)
    {
        this.busySpin = busySpin;
        return this;
    }

    /**
     * True: {@code Gateway.start} ends the data directory's session once the stores have caught up with the
     * journal and starts a new one ({@code SessionArchive}): new session id, every stream from 1. For an operator's
     * start of day, not a setting to keep.
     */
    public boolean newSession()
    {
        return newSession;
    }

    public GatewayConfig newSession(final boolean newSession)
    {
        this.newSession = newSession;
        return this;
    }

    /**
     * True (the default, one node): the answers no journal record derives go into the user's sequenced stream, stored
     * and replayed after a reconnect: the gateway's own (the rejects {@code NOT_AUTHORIZED}, {@code THROTTLED},
     * {@code ENGINE_BUSY}, {@code ENGINE_HALTED}, and the answer to a snapshot request, to the session that sent the
     * command) and the answers to queries (to the user's sessions). False: they go out as Unsequenced Data, never
     * stored, as a ProtocolReject does. For a node whose users' streams another node derives too (a replicated pair, a
     * cluster member): the other derives the stream from the journal or the log, and a message numbered in one node's
     * copy alone would shift every later sequence number there, so that a client that moved over would miss as many.
     */
    public boolean unjournaledAnswersInStream()
    {
        return unjournaledAnswersInStream;
    }

    public GatewayConfig unjournaledAnswersInStream(final boolean unjournaledAnswersInStream)
    {
        this.unjournaledAnswersInStream = unjournaledAnswersInStream;
        return this;
    }

    /**
     * How far beyond each user's stream's end a thread of its own ({@code exengine-stream-pretouch}) keeps the stream's
     * file touched, in bytes: the gateway's thread then stores the messages into pages already in memory and mapped,
     * instead of taking a page fault (on ext4, a block reservation and an update of the file's times) on every new
     * 4 KiB page of every stream, a tenth of a millisecond each on a virtual machine. 0, the default here, for none;
     * else at least a page. The server sets it ({@code gateway.stream-pretouch}).
     */
    public long streamPretouchAhead()
    {
        return streamPretouchAhead;
    }

    public GatewayConfig streamPretouchAhead(final long streamPretouchAhead)
    {
        this.streamPretouchAhead = streamPretouchAhead;
        return this;
    }

    /**
     * The clock of every timer and rate limit (heartbeats, timeouts, throttles), read once per duty cycle; tests drive
     * a {@code CachedNanoClock} instead of waiting. Default: {@link System#nanoTime()}.
     */
    public NanoClock clock()
    {
        return clock;
    }

    public GatewayConfig clock(final NanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** The wall clock, read for the creation time of a new session id. */
    public EpochClock wallClock()
    {
        return wallClock;
    }

    public GatewayConfig wallClock(final EpochClock wallClock)
    {
        this.wallClock = wallClock;
        return this;
    }

    /** Where the gateway's counters go; null: counters of its own, in memory. */
    public MetricCounters metrics()
    {
        return metrics;
    }

    /** @param metrics the node's counters (its counters file), to allocate the gateway's in; one gateway each. */
    public GatewayConfig metrics(final MetricCounters metrics)
    {
        this.metrics = metrics;
        return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting that is missing or out of range.
     */
    public GatewayConfig validate()
    {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(users, "users");
        require(maxConnections >= 1, "maxConnections >= 1");
        require(maxUnauthenticated >= 1, "maxUnauthenticated >= 1");
        require(maxUnauthenticatedPerAddress >= 1, "maxUnauthenticatedPerAddress >= 1");
        // Every engine message must fit one packet (type byte + message), or a replay could never send it.
        require(maxPacketLength >= MIN_PACKET_LENGTH && maxPacketLength <= 0xFFFF,
            "maxPacketLength in [" + MIN_PACKET_LENGTH + ", 65535]");
        require(sendBufferBytes >= 2 * (maxPacketLength + 3), "sendBufferBytes >= 2 * (maxPacketLength + 3)");
        require(socketSendBufferBytes >= 0, "socketSendBufferBytes >= 0");
        require(heartbeatIntervalMillis >= 1, "heartbeatIntervalMillis >= 1");
        require(clientTimeoutMillis > heartbeatIntervalMillis, "clientTimeoutMillis > heartbeatIntervalMillis");
        require(loginTimeoutMillis >= 1, "loginTimeoutMillis >= 1");
        require(closeTimeoutMillis >= 0, "closeTimeoutMillis >= 0");
        require(commandsPerSecond >= 1 && commandBurst >= 1 && commandsPerSecond <= TokenBucket.MAX &&
            commandBurst <= TokenBucket.MAX, "commandsPerSecond and commandBurst in [1, " + TokenBucket.MAX + "]");
        require(maxThrottlesPerWindow >= 0 && throttleWindowMillis >= 1, "throttle window settings");
        require(maxUndecodablePerWindow >= 0 && undecodableWindowMillis >= 1, "undecodable window settings");
        require(maxFailedLogins >= 1 && failedLoginWindowMillis >= 1, "failed login settings");
        require(Integer.bitCount(eventRingBytes) == 1 && eventRingBytes >= 64 * 1024,
            "eventRingBytes a power of two >= 64 KiB");
        require(replayBatchMessages >= 1, "replayBatchMessages >= 1");
        require(streamPretouchAhead == 0 || streamPretouchAhead >= QueuePretouch.PAGE_SIZE,
            "streamPretouchAhead 0 or >= " + QueuePretouch.PAGE_SIZE);
        return this;
    }

    private static void require(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalArgumentException("gateway configuration: " + what);
        }
    }
}
