package dev.exengine.core.snapshot;

/**
 * A snapshot that cannot be restored: bad magic, a newer format version, truncated or inconsistent data.
 */
public final class SnapshotFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public SnapshotFormatException(final String message)
    {
        super(message);
    }
}
