package dev.exengine.gateway.server;

import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.gateway.auth.User;
import dev.exengine.gateway.auth.UserDirectory;
import dev.exengine.gateway.codec.OutboundEncoder;
import dev.exengine.pipeline.EngineOutput;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The gateway's {@link EngineOutput}, on the engine's output thread: decides which users receive an event, encodes
 * it for each and hands the bytes to the server thread through a single-producer ring (message type = the
 * recipient's user index). The server thread persists and sends; this thread never touches a socket or a file.
 *
 * <p>Routing: a query answer goes to the user who asked (the command's origin). Any other event goes to the owners of
 * every account it names (account, maker, taker, target) and, when the origin is an admin, to that admin too. A trade
 * is encoded from the receiving account's side, so a user owning both sides gets two messages.
 *
 * <p>When the ring is full the server thread is behind as a whole (not one slow client: those are disconnected);
 * this thread then waits for room rather than drop a message a client is owed. Allocates nothing.
 */
final class EventRouter implements EngineOutput
{
    private final UserDirectory users;
    private final RingBuffer ring;
    private final OutboundEncoder encoder = new OutboundEncoder();
    private final Runnable wakeServer;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[OutboundEncoder.MAX_MESSAGE_LENGTH]);
    /** Pairs of (user index, account the message is encoded for). */
    private final int[] recipientUsers;
    private final long[] recipientAccounts;
    private int recipientCount;
    private volatile boolean closed;

    EventRouter(final UserDirectory users, final RingBuffer ring, final Runnable wakeServer)
    {
        this.users = users;
        this.ring = ring;
        this.wakeServer = wakeServer;
        // Each of the four account fields may have every user as owner, plus the origin.
        this.recipientUsers = new int[4 * users.size() + 1];
        this.recipientAccounts = new long[recipientUsers.length];
    }

    @Override
    public void onEvent(final Event event, final long origin, final boolean endOfBatch)
    {
        if (closed)
        {
            return;
        }
        route(event, origin);
        for (int i = 0; i < recipientCount; i++)
        {
            final int length = encoder.encode(event, recipientAccounts[i], scratch, 0);
            if (length > 0)
            {
                publish(recipientUsers[i], length);
            }
        }
        if (endOfBatch)
        {
            wakeServer.run();
        }
    }

    /** After this, events are dropped: the server no longer runs. */
    void close()
    {
        closed = true;
    }

    private void publish(final int userIndex, final int length)
    {
        while (!ring.write(userIndex, scratch, 0, length))
        {
            wakeServer.run();
            if (closed)
            {
                return;
            }
            Thread.yield();
        }
    }

    private void route(final Event event, final long origin)
    {
        recipientCount = 0;
        final User originUser = origin > 0 && origin <= users.size() ? users.user((int)origin) : null;
        if (isQueryAnswer(event.type()))
        {
            if (originUser != null)
            {
                add(originUser.index(), event.accountId());
            }
            return;
        }
        if (event.type() == EventType.TRADE)
        {
            addOwners(event.makerAccountId());
            addOwners(event.takerAccountId());
            if (originUser != null && originUser.isAdmin() && !isRecipient(originUser.index()))
            {
                add(originUser.index(), event.takerAccountId());
            }
            return;
        }
        addOwners(event.accountId());
        addOwners(event.targetAccountId());
        if (originUser != null && originUser.isAdmin() && !isRecipient(originUser.index()))
        {
            add(originUser.index(), event.accountId());
        }
    }

    private static boolean isQueryAnswer(final EventType type)
    {
        return type == EventType.BALANCE || type == EventType.OPEN_ORDER || type == EventType.DEPTH_LEVEL ||
            type == EventType.QUERY_DONE || type == EventType.QUERY_REJECTED;
    }

    private void addOwners(final long accountId)
    {
        if (accountId == 0)
        {
            return;
        }
        for (final User owner : users.owners(accountId))
        {
            add(owner.index(), accountId);
        }
    }

    private boolean isRecipient(final int userIndex)
    {
        for (int i = 0; i < recipientCount; i++)
        {
            if (recipientUsers[i] == userIndex)
            {
                return true;
            }
        }
        return false;
    }

    private void add(final int userIndex, final long accountId)
    {
        for (int i = 0; i < recipientCount; i++)
        {
            if (recipientUsers[i] == userIndex && recipientAccounts[i] == accountId)
            {
                return;
            }
        }
        recipientUsers[recipientCount] = userIndex;
        recipientAccounts[recipientCount] = accountId;
        recipientCount++;
    }
}
