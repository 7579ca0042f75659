package dev.exengine.journal;

/** The journal, or one of its records, was written in a format newer than this code understands. */
public final class UnsupportedJournalVersionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int version;

    public UnsupportedJournalVersionException(final int version, final String where)
    {
        super("unsupported journal format version " + version + " in " + where +
            " (newest supported is " + JournalRecordDescriptor.CURRENT_VERSION + ")");
        this.version = version;
    }

    public int version()
    {
        return version;
    }
}
