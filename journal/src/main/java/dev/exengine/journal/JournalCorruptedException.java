package dev.exengine.journal;

/**
 * The journal cannot be read past a record: it fails verification and is not a discarded torn tail, or the
 * sequence is not the one expected.
 */
public final class JournalCorruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long sequence;

    public JournalCorruptedException(final long sequence, final String detail)
    {
        super("journal corrupted at sequence " + sequence + ": " + detail);
        this.sequence = sequence;
    }

    /** The sequence expected at the bad position. */
    public long sequence()
    {
        return sequence;
    }
}
