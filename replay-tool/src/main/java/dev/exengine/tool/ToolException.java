package dev.exengine.tool;

/** A failure the operator can act on: the message names the problem and the fix, the code is the exit code. */
final class ToolException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    ToolException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode()
    {
        return exitCode;
    }
}
