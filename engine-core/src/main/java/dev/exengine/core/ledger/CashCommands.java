package dev.exengine.core.ledger;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.event.RejectReason;

/**
 * DEPOSIT, WITHDRAW and TRANSFER: the ledger's checks and movements, reported as events. Allocates nothing
 * except when a transfer log grows.
 */
public final class CashCommands
{
    private final EngineState state;
    private final EventPublisher events;

    public CashCommands(final EngineState state, final EventPublisher events)
    {
        this.state = state;
        this.events = events;
    }

    public void deposit(final Command command)
    {
        final Account account = state.account(command.accountId());
        final Asset asset = state.asset(command.assetId());
        final RejectReason reason = Ledger.checkDeposit(account, asset, command.amount());
        if (reason == RejectReason.NONE)
        {
            Ledger.deposit(account, asset, command.amount());
        }
        report(command, reason, account, asset);
    }

    public void withdraw(final Command command)
    {
        final Account account = state.account(command.accountId());
        final Asset asset = state.asset(command.assetId());
        final RejectReason reason = Ledger.checkWithdrawal(account, asset, command.amount());
        if (reason == RejectReason.NONE)
        {
            Ledger.withdraw(account, asset, command.amount());
        }
        report(command, reason, account, asset);
    }

    public void transfer(final Command command)
    {
        final Account from = state.account(command.accountId());
        final TransferLog log = from == null ? null : state.ledger().log(from);
        final int slot = log == null ? -1 : log.find(command.transferId());
        if (slot >= 0)
        {
            events.transferOutcome(from.id(), log.targetAccountId(slot), log.assetId(slot), log.amount(slot),
                log.transferId(slot), log.reason(slot));
            return;
        }
        final Account to = state.account(command.targetAccountId());
        final Asset asset = state.asset(command.assetId());
        final RejectReason reason = Ledger.checkTransfer(from, to, asset, command.amount());
        if (log != null)
        {
            log.record(command.transferId(), command.targetAccountId(), command.assetId(), command.amount(), reason);
        }
        if (reason == RejectReason.NONE)
        {
            Ledger.transfer(from, to, asset, command.amount());
        }
        events.transferOutcome(command.accountId(), command.targetAccountId(), command.assetId(), command.amount(),
            command.transferId(), reason);
        if (reason == RejectReason.NONE)
        {
            events.balanceChanged(from, asset);
            events.balanceChanged(to, asset);
        }
    }

    private void report(final Command command, final RejectReason reason, final Account account, final Asset asset)
    {
        events.adminOutcome(command, reason, 0);
        if (reason == RejectReason.NONE)
        {
            events.balanceChanged(account, asset);
        }
    }
}
