package dev.exengine.gateway.feed;

import dev.exengine.gateway.connection.Connection;
import dev.exengine.gateway.connection.ConnectionState;
import dev.exengine.gateway.connection.Connections;
import dev.exengine.gateway.connection.DisconnectReason;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.DirectBuffer;

/**
 * What each packet from a feed subscriber does: before login only a Login Request (or Debug), which goes to the
 * {@link FeedLogin}; after it only heartbeats (traffic) and a Logout Request (the session ends once what is queued is
 * written). A subscriber has nothing to send: anything else, Unsequenced Data included, breaks the protocol and ends
 * its connection, and no one else notices. Owned by the market-data thread; allocates nothing.
 */
final class FeedDispatch implements Connections.Handler
{
    private final Connections connections;
    private final FeedLogin login;
    private final FeedStream stream;
    private long nowMillis;

    FeedDispatch(final Connections connections, final FeedLogin login, final FeedStream stream)
    {
        this.connections = connections;
        this.login = login;
        this.stream = stream;
    }

    /** The duty cycle's time, read once per cycle. */
    void now(final long millis)
    {
        nowMillis = millis;
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
            login.begin(connection, buffer, offset, length, nowMillis);
            // An anonymous login is accepted at once: what the subscriber sent after it is handled now; a password
            // being checked holds the rest until the outcome.
            return connection.state() == ConnectionState.ACTIVE;
        }
        switch (type)
        {
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
                connections.violation(connection, "a feed subscriber sent packet '" + (char)type + "'");
                return false;
            }
        }
        return !connection.isClosing();
    }

    @Override
    public void onClosed(final Connection connection)
    {
        stream.unsubscribe(connection);
    }
}
