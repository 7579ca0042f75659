package dev.exengine.server.monitoring;

import java.util.List;

/**
 * What {@code bin/engine health} found: its exit code and what it says, the verdict first.
 *
 * @param exitCode {@link #READY}, {@link #NOT_READY} or {@link #UNKNOWN}.
 * @param lines    the verdict ({@code ready}, {@code not ready}, {@code not live}, or why it cannot tell), then the
 *                 node's role, journal sequence and sessions, then one line per reason it is not ready.
 */
public record HealthVerdict(int exitCode, List<String> lines)
{
    /** Ready (with {@code --live}: alive). */
    public static final int READY = 0;
    /** Not ready (with {@code --live}: not alive), or stopped. */
    public static final int NOT_READY = 1;
    /** No node to ask: no counters file, nothing listening, an answer that does not read. */
    public static final int UNKNOWN = 3;

    public HealthVerdict
    {
        lines = List.copyOf(lines);
    }

    static HealthVerdict unknown(final String why)
    {
        return new HealthVerdict(UNKNOWN, List.of("unknown: " + why));
    }
}
