package dev.exengine.cluster;

/**
 * A member will not start, or stops applying, on the data it was given: a data directory of another cluster or member,
 * a damaged one, a journal that disagrees with the cluster's log. The message says what was found and what to do.
 */
public class MemberRefusedException extends IllegalStateException
{
    public MemberRefusedException(final String message)
    {
        super(message);
    }

    public MemberRefusedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
