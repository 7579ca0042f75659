package dev.exengine.replay;

/**
 * The engine cannot rebuild its state: the message names what is wrong and where (journal sequence, file).
 */
public final class RecoveryException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public RecoveryException(final String message)
    {
        super(message);
    }

    public RecoveryException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
