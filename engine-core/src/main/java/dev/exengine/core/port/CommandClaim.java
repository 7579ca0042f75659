package dev.exengine.core.port;

import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;

/**
 * A command slot claimed from a {@link CommandSink}, written in place by the front end that claimed it and then
 * committed (the engine takes the command) or aborted (the engine passes over the slot). Like Aeron's
 * {@code BufferClaim}: one instance per producer, reused for every claim, so claiming allocates nothing.
 */
public final class CommandClaim
{
    /** The sink's side of a claim: what commit and abort do to the slot it handed out. */
    public interface Slots
    {
        void commit(long slot);

        void abort(long slot);
    }

    private Slots slots;
    private long slot;
    private Command command;

    /**
     * For a {@link CommandSink}: binds this claim to one of its slots.
     */
    public void wrap(final Slots slots, final long slot, final Command command)
    {
        this.slots = slots;
        this.slot = slot;
        this.command = command;
    }

    /** @return true between a successful {@link CommandSink#tryClaim} and the commit or abort that ends it. */
    public boolean isClaimed()
    {
        return slots != null;
    }

    /**
     * @return the slot's command, to be filled in place.
     * @throws IllegalStateException when nothing is claimed.
     */
    public Command command()
    {
        requireClaimed();
        return command;
    }

    /**
     * Hands the command to the engine.
     *
     * @throws IllegalArgumentException when the command has no type, or an order lacks side, type or time in force:
     *                                  the claim is aborted then, and the engine never sees it.
     */
    public void commit()
    {
        requireClaimed();
        final Slots owner = slots;
        slots = null;
        if (!isEncodable(command))
        {
            owner.abort(slot);
            throw new IllegalArgumentException("incomplete command: " + command);
        }
        owner.commit(slot);
    }

    /** Gives the slot back unused: the engine passes over it. */
    public void abort()
    {
        requireClaimed();
        final Slots owner = slots;
        slots = null;
        owner.abort(slot);
    }

    /**
     * @return whether the engine can journal the command: it has a type, and an order has side, type and time in force.
     */
    public static boolean isEncodable(final Command command)
    {
        final CommandType type = command.type();
        return type != null && (type != CommandType.NEW_ORDER ||
            command.side() != null && command.orderType() != null && command.timeInForce() != null);
    }

    private void requireClaimed()
    {
        if (slots == null)
        {
            throw new IllegalStateException("no command is claimed");
        }
    }
}
