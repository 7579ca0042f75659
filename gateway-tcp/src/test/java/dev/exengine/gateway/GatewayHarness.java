package dev.exengine.gateway;

import dev.exengine.client.ExchangeClient;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.gateway.user.PasswordHash;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.protocol.soupbin.LoginRequest;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A gateway serving on its own thread in front of an engine applied directly behind the port ({@link DirectEngine}),
 * on a clock the test drives: timers fire when the test advances the clock, never because the machine was slow. Users
 * ops (admin, account 9000), alice (account 1001) and bob (account 2001); assets 1 and 2, instrument 1 trading 1
 * against 2, alice funded in asset 2. Closing it closes the gateway.
 */
final class GatewayHarness implements AutoCloseable
{
    static final long ALICE_ACCOUNT = 1001;
    static final long BOB_ACCOUNT = 2001;
    /** Commands the market's set-up applied before the gateway served anyone. */
    static final long SET_UP_COMMANDS = 7;
    /** Generous: the machine may be shared with other builds; only a failing test waits for it. */
    static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final CachedNanoClock clock = new CachedNanoClock();
    private final DirectEngine engine = new DirectEngine();
    private final Gateway gateway;

    GatewayHarness(final Path dir, final UnaryOperator<GatewayConfig> tweak)
    {
        final UserDirectory users = UserDirectory.of(
            new User("ops", PasswordHash.create("opspass".toCharArray(), 1_000), true, 9000),
            new User("alice", PasswordHash.create("alicepw".toCharArray(), 1_000), false, ALICE_ACCOUNT),
            new User("bob", PasswordHash.create("bobpw".toCharArray(), 1_000), false, BOB_ACCOUNT));
        gateway = new Gateway(tweak.apply(new GatewayConfig().dataDirectory(dir).users(users).clock(clock)));
        engine.output(gateway.engineOutput());
        setUpMarket();
        gateway.start(engine, engine, 0);
        gateway.startAccepting();
    }

    Gateway gateway()
    {
        return gateway;
    }

    DirectEngine engine()
    {
        return engine;
    }

    int port()
    {
        return gateway.localAddress().getPort();
    }

    void advanceMillis(final long millis)
    {
        clock.advance(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Logs in on a connection of its own and closes it. @return the sequence number Login Accepted carries. */
    long loginAccepted(final byte[] loginPacket) throws IOException
    {
        try (Socket socket = new Socket("127.0.0.1", port()))
        {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(loginPacket);
            final byte[] packet = socket.getInputStream().readNBytes(SoupBinTcp.HEADER_SIZE +
                SoupBinTcp.LOGIN_ACCEPTED_LENGTH);
            assertEquals(SoupBinTcp.HEADER_SIZE + SoupBinTcp.LOGIN_ACCEPTED_LENGTH, packet.length,
                "Login Accepted, not a close");
            assertEquals(SoupBinTcp.LOGIN_ACCEPTED, packet[2]);
            return SoupBinTcp.getNumeric(new UnsafeBuffer(packet), SoupBinTcp.HEADER_SIZE + SoupBinTcp.SESSION_LENGTH,
                SoupBinTcp.SEQUENCE_NUMBER_LENGTH);
        }
    }

    /** @return the sequence number the user's next stored message will have. */
    long nextStored(final String user, final String password) throws IOException
    {
        return loginAccepted(loginPacket(user, password, "0", null));
    }

    @Override
    public void close()
    {
        gateway.close();
    }

    static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("not met within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s");
            }
            Thread.yield();
        }
    }

    /** Polls the client until the condition holds, failing after {@link #DEADLINE_NANOS}. */
    static void pollUntil(final ExchangeClient client, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("not met within " + TimeUnit.NANOSECONDS.toSeconds(DEADLINE_NANOS) + " s");
            }
            try
            {
                if (client.poll() == 0)
                {
                    Thread.yield();
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** A Login Request for the current session and only new messages. */
    static byte[] loginPacket(final String user, final String password)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final int length = PacketWriter.loginRequest(buffer, 0, new LoginRequest().username(user).password(password)
            .requestedSession("").requestedSequenceNumber(0));
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * A Login Request with its numeric fields as the text given, right-justified and unchecked: the 3.00 form when the
     * timeout is null, else the 4.x form.
     */
    static byte[] loginPacket(
        final String user, final String password, final String sequence, final String heartbeatTimeout)
    {
        final StringBuilder payload = new StringBuilder()
            .append(String.format("%-" + SoupBinTcp.USERNAME_LENGTH + "s", user))
            .append(String.format("%-" + SoupBinTcp.PASSWORD_LENGTH + "s", password))
            .append(" ".repeat(SoupBinTcp.SESSION_LENGTH))
            .append(String.format("%" + SoupBinTcp.SEQUENCE_NUMBER_LENGTH + "s", sequence));
        if (heartbeatTimeout != null)
        {
            payload.append(String.format("%" + SoupBinTcp.HEARTBEAT_TIMEOUT_LENGTH + "s", heartbeatTimeout));
        }
        final byte[] bytes = new byte[SoupBinTcp.HEADER_SIZE + payload.length()];
        bytes[1] = (byte)(payload.length() + 1);
        bytes[2] = SoupBinTcp.LOGIN_REQUEST;
        for (int i = 0; i < payload.length(); i++)
        {
            bytes[SoupBinTcp.HEADER_SIZE + i] = (byte)payload.charAt(i);
        }
        return bytes;
    }

    /** @return the type of the next packet (its payload skipped), or -1 at the end of the stream. */
    static int readPacketType(final InputStream in) throws IOException
    {
        try
        {
            final int high = in.read();
            if (high < 0)
            {
                return -1;
            }
            final int length = (high << 8) | in.read();
            final int type = in.read();
            in.readNBytes(length - 1);
            return type;
        }
        catch (final SocketException ex)
        {
            return -1;
        }
    }

    /** Asset 1 and 2, the accounts and instrument 1, funded: applied before the gateway serves anyone. */
    private void setUpMarket()
    {
        final Command command = new Command();
        engine.submit(0, command.reset().type(CommandType.ADD_ASSET).assetId(1).scale(0));
        engine.submit(0, command.reset().type(CommandType.ADD_ASSET).assetId(2).scale(0));
        for (final long account : new long[] {9000, ALICE_ACCOUNT, BOB_ACCOUNT})
        {
            engine.submit(0, command.reset().type(CommandType.OPEN_ACCOUNT).accountId(account));
        }
        engine.submit(0, command.reset().type(CommandType.ADD_INSTRUMENT).instrumentId(1).baseAssetId(1)
            .quoteAssetId(2).tickSize(1).lotSize(1).tickValue(1).minQuantity(1).maxQuantity(1_000_000)
            .feeAccountId(9000));
        engine.submit(0, command.reset().type(CommandType.DEPOSIT).accountId(ALICE_ACCOUNT).assetId(2)
            .amount(1_000_000_000));
    }
}
