package dev.exengine.cluster;

/**
 * Aeron refuses the member's directories because they are marked as in use: another process runs this member, or one
 * that ran it was killed less than about 10 s ago (Aeron waits for its heartbeat to age out).
 */
public final class MemberInUseException extends MemberRefusedException
{
    public MemberInUseException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
