package dev.exengine.core.port;

/**
 * The events of commands the engine has journaled, derived again from its journal: what a front end that stores
 * what it sends (the gateway's user streams, a market-data feed) uses to catch up, after a crash, on the commands
 * whose messages it may not have stored.
 */
@FunctionalInterface
public interface EventHistory
{
    /**
     * Delivers, in journal order and with their origins, the events of the journaled commands with sequences after
     * {@code afterSequence} up to {@code throughSequence}, exactly as the engine delivered them live; then
     * {@link EngineOutput#onBatchEnd()}. Runs on the calling thread.
     *
     * @throws IllegalStateException when the journal no longer holds those commands, or replays them differently
     *                               from the run that applied them.
     */
    void replay(long afterSequence, long throughSequence, EngineOutput output);
}
