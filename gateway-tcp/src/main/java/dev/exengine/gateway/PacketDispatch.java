package dev.exengine.gateway;

import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.connection.ConnectionState;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.gateway.intake.CommandIntake;
import dev.exengine.gateway.login.LoginFlow;
import dev.exengine.gateway.stream.UserStreams;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;

/**
 * SoupBinTCP's dispatch: what each packet does in each state of its connection. Before login only a Login Request (or
 * Debug) is allowed, and it goes to the {@link LoginFlow}; after it, unsequenced data goes to the
 * {@link CommandIntake}, a heartbeat only counts as traffic, a Logout Request closes once what is queued is written,
 * and anything else ends the connection. Owned by the gateway's thread; allocates nothing.
 */
final class PacketDispatch implements Connections.Handler
{
    private final Connections connections;
    private final LoginFlow logins;
    private final CommandIntake intake;
    private final UserStreams streams;
    private long nowMillis;
    private long nowNanos;

    PacketDispatch(
        final Connections connections, final LoginFlow logins, final CommandIntake intake, final UserStreams streams)
    {
        this.connections = connections;
        this.logins = logins;
        this.intake = intake;
        this.streams = streams;
    }

    /** The duty cycle's time, read once per cycle. */
    void now(final long millis, final long nanos)
    {
        nowMillis = millis;
        nowNanos = nanos;
    }

    @Override
    public boolean onPacket(
        final Connection connection, final byte type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (type == SoupBinTcp.DEBUG)
        {
            return true;
        }
        if (connection.state() == ConnectionState.AWAITING_LOGIN)
        {
            if (type != SoupBinTcp.LOGIN_REQUEST)
            {
                connections.violation(connection, "packet '" + (char)type + "' before login");
                return false;
            }
            logins.begin(connection, buffer, offset, length, nowMillis);
            return false;
        }
        switch (type)
        {
            case SoupBinTcp.UNSEQUENCED_DATA -> intake.onMessage(connection, buffer, offset, length, nowMillis, nowNanos);
            case SoupBinTcp.CLIENT_HEARTBEAT ->
            {
                // Its arrival already counted as traffic.
            }
            case SoupBinTcp.LOGOUT_REQUEST ->
            {
                connections.disconnect(connection, DisconnectReason.LOGOUT, "logout", nowMillis);
                return false;
            }
            default ->
            {
                connections.violation(connection, "unexpected packet '" + (char)type + "'");
                return false;
            }
        }
        return !connection.isClosing();
    }

    @Override
    public void onClosed(final Connection connection)
    {
        streams.unsubscribe(connection);
    }
}
