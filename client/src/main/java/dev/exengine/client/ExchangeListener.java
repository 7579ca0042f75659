package dev.exengine.client;

import dev.exengine.core.event.Event;
import dev.exengine.protocol.sbe.ProtocolRejectDecoder;

import java.net.InetSocketAddress;

/**
 * What an {@link ExchangeClient} reports, on the thread that calls {@link ExchangeClient#poll()}. Every method has a
 * default so a listener implements only what it needs. The {@link Event} is reused after the call: copy what
 * you keep. {@code sequence} is the message's SoupBinTCP sequence number in the user's stream, or
 * {@link #UNSEQUENCED} for a message the server sent outside it, which is never replayed: a ProtocolReject, and on a
 * replicated node or a cluster member the gateway's own rejects (not authorized, throttled, engine busy or halted)
 * and the answers to queries.
 */
public interface ExchangeListener
{
    /** The {@code sequence} of a message that came as Unsequenced Data: outside the stream, never replayed. */
    long UNSEQUENCED = 0;

    /**
     * Logged in; sequenced messages from {@code nextSequence} on follow (replayed ones first). When the server resumed
     * below the number the client expected, that is the expected one: the messages below it were delivered already,
     * and the client drops them.
     */
    default void onLoginAccepted(final String session, final long nextSequence)
    {
    }

    /**
     * @param reason 'A' not authorized: the client stops, and tries that password at no other address; 'S' session
     *               not available (a standby, or a session that ended): it moves on to the next address, and with
     *               auto-reconnect keeps trying, round after round, until it logs in or is closed.
     */
    default void onLoginRejected(final char reason)
    {
    }

    /** The connection is gone; with auto-reconnect on, the client tries the next address and resumes the stream. */
    default void onDisconnected(final String reason)
    {
    }

    /**
     * Logged in again, after a lost connection, at another address than before: the node there (a promoted standby)
     * continues the session. {@link #onLoginAccepted} follows.
     */
    default void onFailover(final InetSocketAddress address)
    {
    }

    /**
     * A server accepted the login into another session than the one the client was in: that stream restarted (a
     * start of day, or a node with other data). Messages are numbered from its Login Accepted on, and whatever the
     * old session still owed will not arrive. {@link #onLoginAccepted} follows.
     */
    default void onSessionChanged(final String previousSession, final String session)
    {
    }

    /**
     * Login Accepted carried a number above the one expected (the server continued at its end): the messages from
     * {@code expectedSequence} to {@code nextSequence - 1} will not arrive. {@link #onLoginAccepted} follows.
     */
    default void onGap(final long expectedSequence, final long nextSequence)
    {
    }

    /** The server ended the session: no more messages will come in it. */
    default void onEndOfSession()
    {
    }

    /**
     * Every engine message whose typed method below is not overridden: their defaults call this one, so a listener
     * that treats all messages alike overrides only this.
     */
    default void onMessage(final long sequence, final Event event)
    {
    }

    default void onOrderAccepted(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    default void onOrderRejected(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    /** A fill of one of the user's orders, seen from that order's side ({@code maker} tells which it was). */
    default void onTrade(final long sequence, final Event event, final boolean maker)
    {
        onMessage(sequence, event);
    }

    default void onOrderCanceled(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    default void onOrderReplaced(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    /** A cancel, replace or mass cancel was refused. */
    default void onCancelRejected(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    default void onMassCancelDone(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    /** TRANSFER_DONE or TRANSFER_REJECTED. */
    default void onTransferResult(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    /** BALANCE_CHANGED: new available and held of one account and asset. */
    default void onBalanceUpdate(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    /** Query answers: BALANCE, OPEN_ORDER, DEPTH_LEVEL, then QUERY_DONE; or QUERY_REJECTED. */
    default void onQueryAnswer(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    /** ADMIN_DONE or ADMIN_REJECTED of an admin command, or of a TakeSnapshot (then commandType is null). */
    default void onAdminResult(final long sequence, final Event event)
    {
        onMessage(sequence, event);
    }

    /**
     * The server could not decode a message this client sent. It answers on the session that sent it, as Unsequenced
     * Data ({@code sequence} is {@link #UNSEQUENCED}); a stream stored by an older server may replay sequenced ones.
     */
    default void onProtocolReject(final long sequence, final ProtocolRejectDecoder reject)
    {
    }

    /** A message (sequenced or not) this client could not decode (a newer server?); it is counted and skipped. */
    default void onUndecodable(final long sequence, final String why)
    {
    }
}
