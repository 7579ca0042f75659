package dev.exengine.bench.e2e;

import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.protocol.codec.ClientEncoder;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The server configuration the harness starts: one instrument (BTC-USD as in the demo), trader users
 * {@code trader1..N} with their own well-funded accounts, no throttle in the way, a large outbound buffer per
 * session, journal on in process mode.
 */
public final class BenchMarket
{
    public static final int INSTRUMENT = 1;
    public static final long BUY_PRICE = 100;
    static final long SELL_PRICE = 100_000_000;
    public static final long QUANTITY = 100_000;
    static final long FIRST_ACCOUNT = 1;
    private static final long FUNDS = 1_000_000_000_000_000L;

    private BenchMarket()
    {
    }

    public static String user(final int connection)
    {
        return "trd" + (connection + 1);
    }

    public static String password(final int connection)
    {
        return "bench-" + user(connection);
    }

    public static long account(final int connection)
    {
        return FIRST_ACCOUNT + connection;
    }

    /**
     * Writes the configuration file for {@code ServerSettings.load(file, ...)}: a file that names users or a market
     * replaces the demo ones whole (overrides alone would mix with them).
     */
    static void writeConfig(final Path file, final Path dataDirectory, final int connections) throws IOException
    {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            serverProperties(dataDirectory, connections).store(writer, "engine-bench server configuration");
        }
    }

    private static Properties serverProperties(final Path dataDirectory, final int connections)
    {
        final Properties p = tradersAndMarket(connections);
        p.setProperty("data", dataDirectory.toString());
        p.setProperty("listen", "127.0.0.1:0");
        p.setProperty("admin.listen", "127.0.0.1:0");
        // The trading path alone: the feed has its own benchmark (FeedBench).
        p.setProperty("market-data.listen", "off");
        p.setProperty("durability", "PROCESS");
        p.setProperty("gateway.commands-per-second", "1000000000");
        p.setProperty("gateway.command-burst", "1000000000");
        p.setProperty("gateway.send-buffer-bytes", Integer.toString(64 << 20));
        return p;
    }

    /**
     * The trading part of a configuration: instrument 1 and, per connection, a user ({@link #user}, {@link #password})
     * trading its own account ({@link #account}), funded in both assets.
     */
    public static Properties tradersAndMarket(final int connections)
    {
        final Properties p = new Properties();
        int line = 1;
        p.setProperty(market(line++), "ADD_ASSET assetId=1 scale=4");
        p.setProperty(market(line++), "ADD_ASSET assetId=2 scale=8");
        p.setProperty(market(line++), "OPEN_ACCOUNT accountId=100000");
        p.setProperty(market(line++), "ADD_INSTRUMENT instrumentId=" + INSTRUMENT + " baseAssetId=2 quoteAssetId=1 " +
            "tickSize=100 lotSize=100000 tickValue=10 minQuantity=100000 maxQuantity=10000000000 makerFeePpm=100 " +
            "takerFeePpm=500 feeAccountId=100000");
        for (int c = 0; c < connections; c++)
        {
            final long account = account(c);
            p.setProperty(market(line++), "OPEN_ACCOUNT accountId=" + account);
            p.setProperty(market(line++), "DEPOSIT accountId=" + account + " assetId=1 amount=" + FUNDS);
            p.setProperty(market(line++), "DEPOSIT accountId=" + account + " assetId=2 amount=" + FUNDS);
            p.setProperty("user." + user(c) + ".password",
                PasswordHash.create(password(c).toCharArray(), 10_000).toString());
            p.setProperty("user." + user(c) + ".accounts", Long.toString(account));
        }
        return p;
    }

    /** The size of a NewOrder as it travels: SoupBinTCP header plus the SBE message (header and block). */
    static int newOrderFrameBytes()
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[256]);
        return SoupBinTcp.HEADER_SIZE + new ClientEncoder().newOrder(scratch, 0, 1, 1, INSTRUMENT, Side.BUY,
            OrderType.LIMIT, TimeInForce.IOC, false, BUY_PRICE, QUANTITY);
    }

    private static String market(final int line)
    {
        return String.format("market.%04d", line);
    }
}
