package dev.exengine.core.account;

import dev.exengine.core.EngineState;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.event.RejectReason;

/**
 * ADD_ASSET, OPEN_ACCOUNT, SUSPEND_ACCOUNT and RESUME_ACCOUNT: operator commands that create assets and accounts or
 * change an account's status. Creating allocates (the state grows); rejects and status changes allocate nothing.
 */
public final class AccountCommands
{
    private static final int MAX_SCALE = 18;

    private final EngineState state;
    private final EventPublisher events;

    public AccountCommands(final EngineState state, final EventPublisher events)
    {
        this.state = state;
        this.events = events;
    }

    public void addAsset(final Command command)
    {
        final int assetId = command.assetId();
        final RejectReason reason = assetId <= 0 ? RejectReason.INVALID_ID :
            state.asset(assetId) != null ? RejectReason.DUPLICATE_ASSET :
            command.scale() < 0 || command.scale() > MAX_SCALE ? RejectReason.INVALID_SCALE : RejectReason.NONE;
        if (reason == RejectReason.NONE)
        {
            state.addAsset(assetId, command.scale());
        }
        events.adminOutcome(command, reason, 0);
    }

    public void openAccount(final Command command)
    {
        final long accountId = command.accountId();
        final RejectReason reason = accountId <= 0 ? RejectReason.INVALID_ID :
            state.account(accountId) != null ? RejectReason.DUPLICATE_ACCOUNT : RejectReason.NONE;
        if (reason == RejectReason.NONE)
        {
            state.openAccount(accountId);
        }
        events.adminOutcome(command, reason, 0);
    }

    public void suspendAccount(final Command command, final boolean suspend)
    {
        final Account account = state.account(command.accountId());
        final RejectReason reason = account == null ? RejectReason.UNKNOWN_ACCOUNT :
            account.isSuspended() == suspend ?
            (suspend ? RejectReason.ACCOUNT_SUSPENDED : RejectReason.ACCOUNT_NOT_SUSPENDED) : RejectReason.NONE;
        if (reason == RejectReason.NONE)
        {
            account.suspended(suspend);
        }
        events.adminOutcome(command, reason, 0);
    }
}
