package dev.exengine.journal;

/**
 * The journal's rule for its sequences, which {@link JournalReader} and {@link JournalEnd} both apply: each valid
 * record carries the sequence after the one before it. A run of unverifiable records (a torn tail that {@link
 * CommandJournal#open} recovered from, never acknowledged) is passed over only when the valid record after it carries
 * exactly the expected sequence. Allocates nothing unless the rule breaks.
 */
final class SequenceChain
{
    private static final long UNKNOWN = 0;

    private long expected = UNKNOWN;

    /** The next record must carry {@code sequence} (after a seek). */
    void expect(final long sequence)
    {
        expected = sequence;
    }

    /**
     * Takes the next valid record, which continues the chain whether or not it breaks the rule.
     *
     * @param unverifiableRun the unverifiable records between it and the valid one before.
     * @return null, or how it breaks the rule, at the sequence that was expected in its place.
     */
    JournalCorruptedException accept(final long sequence, final long unverifiableRun)
    {
        JournalCorruptedException broken = null;
        if (unverifiableRun > 0)
        {
            final long expectedHere = expected != UNKNOWN ? expected : Math.max(1, sequence - unverifiableRun);
            if (sequence != expectedHere)
            {
                broken = new JournalCorruptedException(expectedHere, unverifiableRun +
                    " record(s) fail length/CRC verification and the next valid record has sequence " + sequence);
            }
        }
        else if (expected != UNKNOWN && sequence != expected)
        {
            broken = new JournalCorruptedException(expected, "found sequence " + sequence + " instead");
        }
        expected = sequence + 1;
        return broken;
    }
}
