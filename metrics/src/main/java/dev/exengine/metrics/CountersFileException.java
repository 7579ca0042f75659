package dev.exengine.metrics;

/**
 * A counters file that cannot be read (yet): what is wrong, for a tool to say and decide on.
 */
public final class CountersFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Problem
    {
        /** No file: no node has started on the data directory (or it is not one). */
        MISSING,
        /** A node is writing it right now: try again in a moment. */
        BEING_WRITTEN,
        /** Not a counters file of any exengine version. */
        NOT_COUNTERS,
        /** A counters file of another layout version, or of a length its header does not account for. */
        OTHER_LAYOUT,
        /** The operating system refused to read it. */
        UNREADABLE
    }

    private final Problem problem;

    public CountersFileException(final Problem problem, final String message)
    {
        super(message);
        this.problem = problem;
    }

    public Problem problem()
    {
        return problem;
    }
}
