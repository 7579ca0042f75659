package dev.exengine.client;

import dev.exengine.protocol.feed.FeedSession;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The Java subscriber of the market-data feed (docs/PROTOCOL.md, section 4): a SoupBinTCP session to the feed port
 * that keeps every book with an {@link OrderBookBuilder} and reports each message to a {@link FeedListener}.
 *
 * <p>It resumes by sequence number: after a lost connection it logs in again (at the next address given, like the
 * {@link ExchangeClient}, whose session machinery it shares) asking for the feed message its books need next, so
 * each message is applied once, in order. When the books cannot follow (a snapshot cut off, a gap, a restarted
 * feed, a message that does not fit) it subscribes again with sequence 0 and rebuilds them from a snapshot.
 *
 * <p>Poll-driven: one thread calls everything. Allocates nothing per message after warm-up.
 *
 * <pre>
 * try (FeedClient feed = new FeedClient(listener))
 * {
 *     feed.connect(List.of(new InetSocketAddress("node-a", 9401), new InetSocketAddress("node-b", 9401)));
 *     feed.subscribe("", "", 0);                      // anonymous, from a snapshot
 *     while (running) feed.poll();                    // feed.books().book(1).level(Side.BUY, 0) ...
 * }
 * </pre>
 */
public final class FeedClient implements AutoCloseable
{
    private final FeedListener listener;
    private final OrderBookBuilder books;
    private final SoupBinSession session = new SoupBinSession(new Handler());
    /** Why the books must be rebuilt from a snapshot once the login under way is complete; null when not. */
    private String resubscribe;

    public FeedClient(final FeedListener listener)
    {
        this.listener = listener;
        this.books = new OrderBookBuilder(listener);
    }

    /** Client Heartbeat after this much silence on the way out (SoupBinTCP: 1 s). */
    public FeedClient heartbeatIntervalMillis(final long millis)
    {
        session.heartbeatIntervalMillis(millis);
        return this;
    }

    /** The server is considered gone after this much silence (SoupBinTCP: 15 s). */
    public FeedClient serverTimeoutMillis(final long millis)
    {
        session.serverTimeoutMillis(millis);
        return this;
    }

    /** Reconnect and resume after a lost connection (default on). */
    public FeedClient autoReconnect(final boolean autoReconnect)
    {
        session.autoReconnect(autoReconnect);
        return this;
    }

    /** The wait before the next round once every address has failed in turn. */
    public FeedClient reconnectDelayMillis(final long millis)
    {
        session.reconnectDelayMillis(millis);
        return this;
    }

    public FeedClient connectTimeoutMillis(final long millis)
    {
        session.connectTimeoutMillis(millis);
        return this;
    }

    public FeedClient loginTimeoutMillis(final long millis)
    {
        session.loginTimeoutMillis(millis);
        return this;
    }

    public void connect(final String host, final int port) throws IOException
    {
        connect(List.of(new InetSocketAddress(host, port)));
    }

    /**
     * Keeps the addresses of the nodes that serve the feed and connects to the first that takes a connection.
     *
     * @throws IOException when none did.
     */
    public void connect(final List<InetSocketAddress> addresses) throws IOException
    {
        session.connect(addresses);
    }

    /**
     * Logs in to the feed and waits for the answer.
     *
     * @param username     a reader's name, or "" where the server reads anonymously.
     * @param fromSequence {@link FeedSession#SNAPSHOT} (0) for a snapshot of every book and the feed after it; 1 for
     *                     the whole feed; or the books' {@link OrderBookBuilder#nextSequence()} to resume where they
     *                     stand.
     * @return true when accepted; false when rejected ('A') or no address accepted.
     * @throws IllegalArgumentException for another number: the books could not follow from there.
     */
    public boolean subscribe(final String username, final String password, final long fromSequence)
        throws IOException
    {
        if (fromSequence == 1 && books.nextSequence() != 1)
        {
            books.reset();
        }
        else if (fromSequence != FeedSession.SNAPSHOT && fromSequence != books.nextSequence())
        {
            throw new IllegalArgumentException("the books can follow from 0 (a snapshot), 1 or " +
                books.nextSequence() + ", not " + fromSequence);
        }
        return session.login(username, password, "", fromSequence);
    }

    /**
     * Logs in to the conflated price-level view: {@link FeedListener#onPriceLevels} for each instrument, first for
     * every one, then as they change, at most as often as the server publishes them; the books stay empty.
     */
    public boolean subscribePriceLevels(final String username, final String password) throws IOException
    {
        return session.login(username, password, FeedSession.PRICE_LEVELS, 0);
    }

    /**
     * Reads and applies what arrived, heartbeats, detects a silent server, and resumes after a lost connection.
     *
     * @return the number of packets handled.
     */
    public int poll() throws IOException
    {
        return session.poll();
    }

    public void logout() throws IOException
    {
        session.logout();
    }

    /** Drops the connection as a network failure would (tests use it to force a resume). */
    public void disconnect()
    {
        session.disconnect("dropped by client");
    }

    @Override
    public void close()
    {
        session.close();
    }

    /** Every book, as the feed received so far describes it. */
    public OrderBookBuilder books()
    {
        return books;
    }

    public boolean isLoggedIn()
    {
        return session.isLoggedIn();
    }

    /** The feed's session id, "" before the first login. */
    public String session()
    {
        return session.session();
    }

    /** The next sequenced message expected. */
    public long nextSequence()
    {
        return session.nextSequence();
    }

    public char loginRejectReason()
    {
        return session.loginRejectReason();
    }

    public String failure()
    {
        return session.failure();
    }

    /** Logins after a lost connection. */
    public long reconnects()
    {
        return session.reconnects();
    }

    /** Sequenced messages dropped as applied already: a node resumed the feed below the next expected message. */
    public long duplicates()
    {
        return session.duplicates();
    }

    private void rebuild(final String reason)
    {
        listener.onBooksReset(reason);
        session.restartAt(FeedSession.SNAPSHOT, reason);
    }

    /** The session's callbacks: the payloads go to the books, the rest to the listener. */
    private final class Handler implements SoupBinSession.Handler
    {
        @Override
        public void onSequenced(final long sequence, final DirectBuffer buffer, final int offset, final int length)
        {
            if (!books.onSequenced(sequence, buffer, offset, length))
            {
                rebuild(books.invalidReason());
            }
        }

        @Override
        public void onUnsequenced(final DirectBuffer buffer, final int offset, final int length)
        {
            if (!books.onUnsequenced(buffer, offset, length))
            {
                rebuild(books.invalidReason());
            }
        }

        @Override
        public void onLoginAccepted(final String session, final long nextSequence)
        {
            listener.onLoginAccepted(session, nextSequence);
            if (resubscribe != null)
            {
                final String reason = resubscribe;
                resubscribe = null;
                rebuild(reason);
            }
        }

        @Override
        public void onLoginRejected(final char reason)
        {
            listener.onLoginRejected(reason);
        }

        @Override
        public void onDisconnected(final String reason)
        {
            if (books.inSnapshot())
            {
                // Half a snapshot is no book: the next login asks for a whole one.
                session.nextSequence(FeedSession.SNAPSHOT);
            }
            listener.onDisconnected(reason);
        }

        @Override
        public void onFailover(final InetSocketAddress address)
        {
            listener.onFailover(address);
        }

        @Override
        public void onSessionChanged(final String previousSession, final String session)
        {
            books.invalid("the feed restarted: session " + session + " after " + previousSession);
            resubscribe = books.invalidReason();
        }

        @Override
        public void onGap(final long expectedSequence, final long nextSequence)
        {
            books.invalid("the server resumed at feed message " + nextSequence + ", not " + expectedSequence);
            resubscribe = books.invalidReason();
        }

        @Override
        public void onEndOfSession()
        {
            listener.onDisconnected("end of session");
        }
    }
}
