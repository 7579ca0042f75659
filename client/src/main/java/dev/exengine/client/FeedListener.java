package dev.exengine.client;

import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.sbe.PriceLevelsDecoder;

import java.net.InetSocketAddress;

/**
 * What a {@link FeedClient} (and its {@link OrderBookBuilder}) reports, on the thread that polls. Every method has a
 * default so a listener implements only what it needs. Decoders and books are only read during the call.
 */
public interface FeedListener
{
    /** Logged in; the feed goes on at {@code nextSequence} (after a snapshot, when one was asked for). */
    default void onLoginAccepted(final String session, final long nextSequence)
    {
    }

    /** @param reason 'A': wrong name or password, or anonymous reading not allowed; the client stops. */
    default void onLoginRejected(final char reason)
    {
    }

    default void onDisconnected(final String reason)
    {
    }

    /** Logged in at another address than the last time. */
    default void onFailover(final InetSocketAddress address)
    {
    }

    /**
     * A feed message was applied to the books: {@link FeedBooks#templateId()} says which, and its decoder (for
     * instance {@link FeedBooks#orderExecuted()} for a trade) reads it.
     *
     * @param sequence its number in the feed.
     */
    default void onFeedMessage(final long sequence, final FeedBooks books)
    {
    }

    /** A snapshot replaced every book: they are now those after feed message {@code feedSequence}. */
    default void onSnapshot(final long feedSequence)
    {
    }

    /** The conflated price levels of one instrument (a price-level subscription). */
    default void onPriceLevels(final PriceLevelsDecoder levels)
    {
    }

    /**
     * The books stopped following the feed (a gap, a restarted feed, a message that did not fit): they are no longer
     * to be trusted, and the client subscribes again from a snapshot.
     */
    default void onBooksReset(final String reason)
    {
    }
}
