package dev.exengine.core.port;

import dev.exengine.core.command.Command;

/**
 * Where a front end puts commands: the engine's input side, as the gateway, the demo, the benchmarks and the
 * replication receiver see it. The engine in one process implements it over its input ring; another host (Aeron
 * Cluster) can implement it over its own log. Every method is safe from any thread and never blocks.
 *
 * <p>A front end that decodes commands from the wire writes them in place: {@link #tryClaim} hands it the command of
 * a slot, it fills that, then commits or aborts the claim. {@link #submit} is the same with a copy, for commands a
 * caller already holds.
 */
public interface CommandSink
{
    /**
     * Claims room for one command. On {@link SubmitResult#ACCEPTED} the claim's {@link CommandClaim#command()} is the
     * slot to fill (it holds whatever the slot held before: reset what is not overwritten), and the caller must end
     * the claim with {@link CommandClaim#commit()} or {@link CommandClaim#abort()}, soon: the engine consumes in order
     * and waits for it. On any other result nothing was claimed and the claim is untouched.
     *
     * @param origin the session or user the command comes from: journaled with it and handed to the outputs with its
     *               events.
     */
    SubmitResult tryClaim(long origin, CommandClaim claim);

    /**
     * Asks for a snapshot at this point of the command stream; it is written in the background.
     */
    SubmitResult requestSnapshot();

    /**
     * @return true once the engine stopped taking commands after a failure it cannot recover from.
     */
    boolean isHalted();

    /**
     * Puts a copy of a command in: the caller may reuse it at once.
     *
     * @throws IllegalArgumentException when the command has no type, or an order lacks side, type or time in force;
     *                                  nothing is submitted then.
     */
    SubmitResult submit(long origin, Command command);
}
