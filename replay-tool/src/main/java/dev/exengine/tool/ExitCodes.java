package dev.exengine.tool;

/** The process exit codes of every command; listed in the top-level help, so scripts can rely on them. */
final class ExitCodes
{
    static final int OK = 0;
    /**
     * Verification failed (a damaged snapshot, or one past the journal's end), state hashes diverge, or conservation
     * does not hold.
     */
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Directory missing, not a journal, unreadable, or an engine is writing where this command would write. */
    static final int IO = 3;
    /** A record fails its checks or breaks the sequence, or a cycle file is damaged beyond a torn or lost tail. */
    static final int CORRUPT = 4;
    static final int NEWER_FORMAT = 5;

    private ExitCodes()
    {
    }
}
