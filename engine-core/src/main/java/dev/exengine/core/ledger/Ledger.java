package dev.exengine.core.ledger;

import dev.exengine.core.account.Account;
import dev.exengine.core.account.Asset;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.event.RejectReason;
import dev.exengine.core.math.MoneyMath;

import java.util.ArrayList;

/**
 * Cash movements: deposits, withdrawals and transfers with their checks (in the order of docs/SEMANTICS.md), and
 * the per-account logs that make them idempotent: transfers by (from-account, transferId), deposits and withdrawals
 * by (account, movementId), each kind apart. A null account or asset means the command named an unknown one.
 * Allocates nothing except when a log is made or grows.
 */
public final class Ledger
{
    private final ArrayList<MovementLog> transfers = new ArrayList<>();
    /** Made at an account's first deposit with a movement id: most accounts never get one. */
    private final ArrayList<MovementLog> deposits = new ArrayList<>();
    /** Made at an account's first withdrawal with a movement id. */
    private final ArrayList<MovementLog> withdrawals = new ArrayList<>();

    /** Gives a newly opened account (the next account index) its transfer log, and room for the others. */
    public void openAccount()
    {
        transfers.add(new MovementLog());
        deposits.add(null);
        withdrawals.add(null);
    }

    /** The outcomes of the transfers from the account. */
    public MovementLog transfers(final Account account)
    {
        return transfers.get(account.index());
    }

    /**
     * The outcomes of the account's deposits (kind DEPOSIT) or withdrawals (WITHDRAW) that carried a movement id.
     *
     * @return the log, or null while the account has had none of that kind.
     */
    public MovementLog movements(final CommandType kind, final Account account)
    {
        return logsOf(kind).get(account.index());
    }

    /** As {@link #movements}, made when the account has none yet: for a first outcome to record. */
    public MovementLog movementsToRecord(final CommandType kind, final Account account)
    {
        final ArrayList<MovementLog> logs = logsOf(kind);
        MovementLog log = logs.get(account.index());
        if (log == null)
        {
            log = new MovementLog();
            logs.set(account.index(), log);
        }
        return log;
    }

    private ArrayList<MovementLog> logsOf(final CommandType kind)
    {
        return switch (kind)
        {
            case DEPOSIT -> deposits;
            case WITHDRAW -> withdrawals;
            default -> throw new IllegalArgumentException("no movement ids for " + kind);
        };
    }

    public static RejectReason checkDeposit(final Account account, final Asset asset, final long amount)
    {
        if (account == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        final RejectReason reason = checkAssetAndAmount(asset, amount);
        if (reason != RejectReason.NONE)
        {
            return reason;
        }
        if (MoneyMath.add(account.available(asset.index()), amount) == MoneyMath.OVERFLOW ||
            MoneyMath.add(asset.deposited(), amount) == MoneyMath.OVERFLOW)
        {
            return RejectReason.OVERFLOW;
        }
        return RejectReason.NONE;
    }

    public static void deposit(final Account account, final Asset asset, final long amount)
    {
        account.credit(asset.index(), amount);
        asset.addDeposit(amount);
    }

    public static RejectReason checkWithdrawal(final Account account, final Asset asset, final long amount)
    {
        if (account == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (account.isSuspended())
        {
            return RejectReason.ACCOUNT_SUSPENDED;
        }
        return checkDebit(account, asset, amount);
    }

    public static void withdraw(final Account account, final Asset asset, final long amount)
    {
        account.debit(asset.index(), amount);
        asset.addWithdrawal(amount);
    }

    public static RejectReason checkTransfer(final Account from, final Account to, final Asset asset, final long amount)
    {
        if (from == null || to == null)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        if (from.isSuspended() || to.isSuspended())
        {
            return RejectReason.ACCOUNT_SUSPENDED;
        }
        if (from == to)
        {
            return RejectReason.TRANSFER_TO_SELF;
        }
        final RejectReason reason = checkDebit(from, asset, amount);
        if (reason != RejectReason.NONE)
        {
            return reason;
        }
        if (MoneyMath.add(to.available(asset.index()), amount) == MoneyMath.OVERFLOW)
        {
            return RejectReason.OVERFLOW;
        }
        return RejectReason.NONE;
    }

    public static void transfer(final Account from, final Account to, final Asset asset, final long amount)
    {
        from.debit(asset.index(), amount);
        to.credit(asset.index(), amount);
    }

    /** UNKNOWN_ASSET, INVALID_AMOUNT: what every movement of money checks first about the asset and amount. */
    private static RejectReason checkAssetAndAmount(final Asset asset, final long amount)
    {
        if (asset == null)
        {
            return RejectReason.UNKNOWN_ASSET;
        }
        return amount <= 0 ? RejectReason.INVALID_AMOUNT : RejectReason.NONE;
    }

    /** The asset and amount checks, then INSUFFICIENT_FUNDS: what taking money out of an account checks. */
    private static RejectReason checkDebit(final Account account, final Asset asset, final long amount)
    {
        final RejectReason reason = checkAssetAndAmount(asset, amount);
        if (reason != RejectReason.NONE)
        {
            return reason;
        }
        return account.available(asset.index()) < amount ? RejectReason.INSUFFICIENT_FUNDS : RejectReason.NONE;
    }
}
