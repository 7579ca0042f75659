package dev.exengine.gateway.stream;

import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventType;
import dev.exengine.gateway.user.User;
import dev.exengine.gateway.user.UserDirectory;
import dev.exengine.protocol.codec.OutboundEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Decides which users receive an engine event and encodes it for each. Live events ({@link EventRelay}, on the
 * engine's output thread) and events re-derived from the journal at start ({@link StreamCatchUp}, on the gateway's thread)
 * both go through this one class, so a re-derived message is byte for byte the one the live path would have stored.
 *
 * <p>Routing: a query answer goes to the user who asked (the command's origin). Any other event goes to the owners of
 * every account it names (account, maker, taker, target) and, when the origin is an admin, to that admin too. A trade
 * is encoded from the receiving account's side, so a user owning both sides gets two messages. A query answer is in
 * the user's stream unless another node derives the streams from the journal, where queries are not
 * ({@link dev.exengine.gateway.GatewayConfig#unjournaledAnswersInStream()}): then it goes out of the stream.
 *
 * <p>One instance per thread. Allocates nothing.
 */
final class EventRouter
{
    /**
     * Where the messages are encoded: room claimed for each one, encoded in place, then committed (or aborted, should
     * encoding fail), so that a message is written once, where it is read from.
     */
    interface MessageDestination
    {
        /**
         * @param inStream whether the message goes into the user's sequenced stream; false: to the user's sessions as
         *                 Unsequenced Data, never stored.
         * @return where in {@link #buffer()} to encode the user's message of {@code length} bytes, or a negative value
         * when the destination takes nothing any more (the message is dropped).
         */
        int claim(int userIndex, int length, boolean inStream);

        MutableDirectBuffer buffer();

        /** The message at {@code index} is encoded. */
        void commit(int index, int userIndex, int length);

        /** Encoding the message at {@code index} failed: the room goes back unused. */
        void abort(int index);
    }

    private final UserDirectory users;
    private final boolean queryAnswersInStream;
    private final OutboundEncoder encoder = new OutboundEncoder();
    /** Pairs of (user index, account the message is encoded for). */
    private final int[] recipientUsers;
    private final long[] recipientAccounts;
    private int recipientCount;

    EventRouter(final UserDirectory users, final boolean queryAnswersInStream)
    {
        this.users = users;
        this.queryAnswersInStream = queryAnswersInStream;
        // Each of the two accounts an event goes to (maker and taker, or account and target) may have every user as
        // owner, plus the origin.
        this.recipientUsers = new int[2 * users.size() + 1];
        this.recipientAccounts = new long[recipientUsers.length];
    }

    /** Encodes the event once per recipient, in a fixed order, each message in place in the destination. */
    void route(final Event event, final long origin, final MessageDestination destination)
    {
        findRecipients(event, origin);
        final boolean inStream = queryAnswersInStream || !isQueryAnswer(event.type());
        for (int i = 0; i < recipientCount; i++)
        {
            final long account = recipientAccounts[i];
            final int length = OutboundEncoder.encodedLength(event, account);
            if (length == 0)
            {
                continue;
            }
            final int user = recipientUsers[i];
            final int index = destination.claim(user, length, inStream);
            if (index < 0)
            {
                continue;
            }
            boolean encoded = false;
            try
            {
                encoder.encode(event, account, destination.buffer(), index);
                encoded = true;
            }
            finally
            {
                if (encoded)
                {
                    destination.commit(index, user, length);
                }
                else
                {
                    destination.abort(index);
                }
            }
        }
    }

    static boolean isQueryAnswer(final EventType type)
    {
        return type == EventType.BALANCE || type == EventType.OPEN_ORDER || type == EventType.DEPTH_LEVEL ||
            type == EventType.QUERY_DONE || type == EventType.QUERY_REJECTED;
    }

    private void findRecipients(final Event event, final long origin)
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
        // A trade goes to its maker's and taker's owners; anything else to the owners of its account and, for a
        // transfer, of the target account. An admin whose command it was gets it too, under the acting account.
        final boolean trade = event.type() == EventType.TRADE;
        final long actingAccount = trade ? event.takerAccountId() : event.accountId();
        addOwners(trade ? event.makerAccountId() : event.accountId());
        addOwners(trade ? event.takerAccountId() : event.targetAccountId());
        if (originUser != null && originUser.isAdmin() && !isRecipient(originUser.index()))
        {
            add(originUser.index(), actingAccount);
        }
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
