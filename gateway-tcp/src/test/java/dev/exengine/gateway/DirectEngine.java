package dev.exengine.gateway;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.port.CommandClaim;
import dev.exengine.core.port.CommandSink;
import dev.exengine.core.port.EngineOutput;
import dev.exengine.core.port.EventHistory;
import dev.exengine.core.port.SubmitResult;

/**
 * An engine behind the port with no pipeline: each committed command is applied at once, on the committing thread
 * (the gateway's), and its events go straight to the gateway's output. No journal, so no history to catch up on.
 * For tests of the gateway alone.
 */
final class DirectEngine implements CommandSink, CommandClaim.Slots, EventHistory
{
    private final BusinessLogicProcessor logic = new BusinessLogicProcessor();
    private final Command slot = new Command();
    /** Kept in a field, so that applying a command allocates nothing (GatewayAllocationTest). */
    private final EventListener toOutput = this::toOutput;
    private EngineOutput output;
    private long origin;
    private long sequence;
    private long commands;

    void output(final EngineOutput output)
    {
        this.output = output;
    }

    /** @return commands applied so far. */
    long commands()
    {
        return commands;
    }

    @Override
    public SubmitResult tryClaim(final long origin, final CommandClaim claim)
    {
        this.origin = origin;
        claim.wrap(this, 0, slot);
        return SubmitResult.ACCEPTED;
    }

    @Override
    public SubmitResult submit(final long origin, final Command command)
    {
        this.origin = origin;
        slot.copyFrom(command);
        commit(0);
        return SubmitResult.ACCEPTED;
    }

    @Override
    public void commit(final long ignored)
    {
        commands++;
        if (!slot.type().isQuery())
        {
            sequence++;
        }
        logic.apply(slot, sequence, commands, toOutput);
        output.onBatchEnd();
    }

    private void toOutput(final Event event)
    {
        output.onEvent(event, origin);
    }

    @Override
    public void abort(final long ignored)
    {
    }

    @Override
    public SubmitResult requestSnapshot()
    {
        return SubmitResult.ACCEPTED;
    }

    @Override
    public boolean isHalted()
    {
        return false;
    }

    @Override
    public void replay(final long afterSequence, final long throughSequence, final EngineOutput output)
    {
        if (throughSequence > afterSequence)
        {
            throw new IllegalStateException("a direct engine keeps no journal");
        }
    }
}
