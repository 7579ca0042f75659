package dev.exengine.protocol.soupbin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * A duty cycle's select without garbage: the selector hands each ready key straight to a handler
 * ({@link Selector#selectNow(Consumer)}) instead of into its selected-key set, whose entries and iterator would be
 * garbage at every cycle; an {@link IOException} of the handler comes out of {@link #selectNow} as it was thrown. The
 * gateway's connections and the replication's server and client select so.
 */
public final class ReadyKeys
{
    /** What the cycle does with a ready key, which is valid when handed over. */
    @FunctionalInterface
    public interface Handler
    {
        void onReady(SelectionKey key) throws IOException;
    }

    private final Selector selector;
    private final Handler handler;
    /** Kept in a field, so that a select allocates nothing. */
    private final Consumer<SelectionKey> consumer = this::accept;

    public ReadyKeys(final Selector selector, final Handler handler)
    {
        this.selector = selector;
        this.handler = handler;
    }

    /** Hands every key ready now to the handler, without waiting. @return how many keys were ready. */
    public int selectNow() throws IOException
    {
        try
        {
            return selector.selectNow(consumer);
        }
        catch (final HandlerFailure failure)
        {
            throw failure.getCause();
        }
    }

    private void accept(final SelectionKey key)
    {
        if (!key.isValid())
        {
            return;
        }
        try
        {
            handler.onReady(key);
        }
        catch (final IOException ex)
        {
            throw new HandlerFailure(ex);
        }
    }

    /** Carries the handler's IOException through the selector's Consumer, and only that one. */
    private static final class HandlerFailure extends UncheckedIOException
    {
        private static final long serialVersionUID = 1L;

        HandlerFailure(final IOException cause)
        {
            super(cause);
        }
    }
}
