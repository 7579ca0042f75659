package dev.exengine.replay;

/**
 * A command that threw inside the business logic during a replay, and was left out of the state.
 *
 * @param sequence its journal sequence.
 * @param cause    what it threw.
 */
public record FailedCommand(long sequence, RuntimeException cause)
{
}
