package dev.exengine.server;

/**
 * A node that cannot start on this machine as configured (a port taken, a data directory it cannot write), found before
 * it created or changed anything: the message says what, where it was configured and the operating system's reason.
 */
public final class StartRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public StartRefusedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
