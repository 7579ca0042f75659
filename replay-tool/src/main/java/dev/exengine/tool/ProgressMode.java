package dev.exengine.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** When commands that read a whole journal draw their progress bar on standard error; lower case: operators type it. */
enum ProgressMode
{
    /** When standard error is a terminal, whatever standard output is (redirected to a file, piped to jq). */
    auto,
    always,
    never;

    private static final Path STANDARD_ERROR = Path.of("/proc/self/fd/2");

    boolean draws()
    {
        return this == always || (this == auto && isTerminal(STANDARD_ERROR));
    }

    /**
     * Whether a descriptor link of {@code /proc/self/fd} leads to a terminal ({@code /dev/pts/N}, {@code /dev/ttyN}).
     * System.console() cannot answer for standard error: it tells whether standard input and output are terminals.
     * Without /proc (not Linux) the answer is no: {@code --progress always} draws the bar there.
     */
    static boolean isTerminal(final Path descriptor)
    {
        try
        {
            final String device = Files.readSymbolicLink(descriptor).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return false;
        }
    }
}
