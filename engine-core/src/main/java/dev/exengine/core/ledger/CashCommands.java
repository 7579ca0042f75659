package dev.exengine.core.ledger;

import dev.exengine.core.EngineState;
import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.command.Command;
import dev.exengine.core.event.EventPublisher;
import dev.exengine.core.event.RejectReason;

/**
 * DEPOSIT, WITHDRAW and TRANSFER: the ledger's checks and movements, reported as events. A movement with a client's
 * id (a transfer's transferId, a deposit's or withdrawal's movementId other than 0) whose id its account already used
 * for one of its kind repeats the first outcome and changes nothing. Allocates nothing except when a log is made or
 * grows.
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
        if (repeated(account, command))
        {
            return;
        }
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
        if (repeated(account, command))
        {
            return;
        }
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
        final MovementLog log = from == null ? null : state.ledger().transfers(from);
        final int slot = log == null ? -1 : log.find(command.transferId());
        if (slot >= 0)
        {
            events.transferOutcome(from.id(), log.targetAccountId(slot), log.assetId(slot), log.amount(slot),
                log.id(slot), log.reason(slot));
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

    /**
     * A deposit or withdrawal whose movement id the account used before for one of its kind: its first outcome is
     * reported again, and nothing changes.
     *
     * @return true when it was such a repeat.
     */
    private boolean repeated(final Account account, final Command command)
    {
        final MovementLog log = account == null || command.movementId() == 0 ?
            null : state.ledger().movements(command.type(), account);
        final int slot = log == null ? -1 : log.find(command.movementId());
        if (slot < 0)
        {
            return false;
        }
        events.movementOutcome(account.id(), log.assetId(slot), log.amount(slot), log.id(slot), log.reason(slot));
        return true;
    }

    /** Reports a deposit's or withdrawal's outcome, remembered when it has a movement id and its account exists. */
    private void report(final Command command, final RejectReason reason, final Account account, final Asset asset)
    {
        if (account != null && command.movementId() != 0)
        {
            state.ledger().movementsToRecord(command.type(), account)
                .record(command.movementId(), 0, command.assetId(), command.amount(), reason);
        }
        events.movementOutcome(command.accountId(), command.assetId(), command.amount(), command.movementId(), reason);
        if (reason == RejectReason.NONE)
        {
            events.balanceChanged(account, asset);
        }
    }
}
