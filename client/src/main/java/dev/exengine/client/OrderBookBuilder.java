package dev.exengine.client;

import dev.exengine.protocol.feed.FeedBooks;
import dev.exengine.protocol.feed.MarketBook;
import dev.exengine.protocol.feed.sbe.MessageHeaderDecoder;
import dev.exengine.protocol.feed.sbe.PriceLevelsDecoder;
import dev.exengine.protocol.feed.sbe.SnapshotEndDecoder;
import dev.exengine.protocol.feed.sbe.SnapshotStartDecoder;
import org.agrona.DirectBuffer;

/**
 * Every instrument's book, order by order and level by level ({@link MarketBook}), built from the market-data feed:
 * the sequenced messages in their order, and a snapshot when one replaces the books. It knows which feed message it
 * needs next ({@link #nextSequence()}), so that after a lost connection the feed resumes exactly there; a message
 * that does not come next, or does not fit the books, makes the books invalid until the next snapshot.
 *
 * <p>A {@link FeedClient} drives it; it can also be fed by hand (a recorded feed, a test). Single-threaded; allocates
 * nothing per message after warm-up, except for a new instrument and when a snapshot replaces every book.
 */
public final class OrderBookBuilder
{
    private final FeedBooks books = new FeedBooks();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PriceLevelsDecoder priceLevels = new PriceLevelsDecoder();
    private final FeedListener listener;
    private long nextSequence = 1;
    private boolean valid = true;
    private boolean inSnapshot;
    private String invalidReason;

    public OrderBookBuilder(final FeedListener listener)
    {
        this.listener = listener;
    }

    /** The books; read them between messages. */
    public FeedBooks books()
    {
        return books;
    }

    /** @return the book of an instrument, or null when the feed has not added it. */
    public MarketBook book(final int instrumentId)
    {
        return books.book(instrumentId);
    }

    /** The feed message the books need next: they hold everything before it (while {@link #isValid()}). */
    public long nextSequence()
    {
        return nextSequence;
    }

    /** Whether the books are those after feed message {@link #nextSequence()} - 1. */
    public boolean isValid()
    {
        return valid && !inSnapshot;
    }

    /** Why the books became invalid; null while they are valid. */
    public String invalidReason()
    {
        return invalidReason;
    }

    /**
     * Applies a sequenced feed message.
     *
     * @param sequence its number in the feed.
     * @return false when the books are not valid after it: it was not the next one, or did not fit.
     */
    public boolean onSequenced(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!isValid())
        {
            return false;
        }
        if (sequence != nextSequence)
        {
            return invalid("feed message " + sequence + " came where " + nextSequence + " was due");
        }
        final FeedBooks.Result result = books.apply(buffer, offset, length);
        if (result != FeedBooks.Result.APPLIED)
        {
            return invalid("feed message " + sequence + " (template " + books.templateId() + "): " + result);
        }
        nextSequence = sequence + 1;
        listener.onFeedMessage(sequence, books);
        return true;
    }

    /**
     * Takes a message from outside the feed's sequence: part of a snapshot, or price levels.
     *
     * @return false when the books became invalid (a snapshot message that did not fit, or came outside a snapshot);
     * true also while a snapshot is under way.
     */
    public boolean onUnsequenced(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH && header.wrap(buffer, offset).schemaId() ==
            MessageHeaderDecoder.SCHEMA_ID && header.templateId() == PriceLevelsDecoder.TEMPLATE_ID)
        {
            priceLevels.wrapAndApplyHeader(buffer, offset, header);
            listener.onPriceLevels(priceLevels);
            return valid;
        }
        final FeedBooks.Result result = books.apply(buffer, offset, length);
        final int templateId = books.templateId();
        if (result != FeedBooks.Result.APPLIED)
        {
            return invalid("snapshot message of template " + templateId + ": " + result);
        }
        if (templateId == SnapshotStartDecoder.TEMPLATE_ID)
        {
            inSnapshot = true;
            valid = true;
            invalidReason = null;
        }
        else if (templateId == SnapshotEndDecoder.TEMPLATE_ID)
        {
            if (!inSnapshot)
            {
                return invalid("the end of a snapshot that did not start");
            }
            inSnapshot = false;
            nextSequence = books.snapshotEnd().feedSequence() + 1;
            listener.onSnapshot(nextSequence - 1);
        }
        else if (!inSnapshot)
        {
            return invalid("snapshot message of template " + templateId + " outside a snapshot");
        }
        return valid;
    }

    /**
     * Forgets the books: they start again from feed message 1, or from the next snapshot.
     */
    public void reset()
    {
        books.clear();
        nextSequence = 1;
        valid = true;
        inSnapshot = false;
        invalidReason = null;
    }

    /** A snapshot was under way when the connection was lost: the books are incomplete. */
    boolean inSnapshot()
    {
        return inSnapshot;
    }

    /** The books can no longer be trusted (a gap, a restarted feed): only a snapshot makes them valid again. */
    boolean invalid(final String reason)
    {
        if (valid)
        {
            valid = false;
            invalidReason = reason;
        }
        return false;
    }
}
