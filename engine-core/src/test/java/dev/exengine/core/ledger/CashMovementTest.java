package dev.exengine.core.ledger;

import dev.exengine.core.BusinessLogicProcessor;
import dev.exengine.core.TestExchange;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import dev.exengine.core.snapshot.SnapshotLayout;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static dev.exengine.core.TestExchange.BASE;
import static dev.exengine.core.TestExchange.QUOTE;
import static dev.exengine.core.TestExchange.assertEvents;
import static dev.exengine.core.TestExchange.deposit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Deposits and withdrawals with a movement id: idempotent per account and kind, as transfers are per transferId.
 */
class CashMovementTest
{
    private final TestExchange exchange = TestExchange.standard();

    private static Command withdraw(final long account, final int asset, final long amount)
    {
        return new Command().type(CommandType.WITHDRAW).accountId(account).assetId(asset).amount(amount);
    }

    @Test
    void shouldRepeatTheFirstOutcomeOfADepositWhoseMovementIdWasUsed()
    {
        assertEvents(exchange.apply(deposit(1, BASE, 10).movementId(7)),
            "ADMIN_DONE accountId=1 assetId=1 amount=10 movementId=7",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1010");
        assertEvents(exchange.rejected(deposit(1, QUOTE, 500).movementId(7)),
            "ADMIN_DONE accountId=1 assetId=1 amount=10 movementId=7");
        assertEquals(1_010, exchange.blp.available(1, BASE));
        assertEquals(1_000_000, exchange.blp.available(1, QUOTE));
    }

    @Test
    void shouldTellTwoEqualDepositsApartByTheirIds()
    {
        exchange.apply(deposit(1, BASE, 10).movementId(1));
        exchange.apply(deposit(1, BASE, 10).movementId(2));
        exchange.apply(deposit(2, BASE, 10).movementId(1));
        assertEquals(1_020, exchange.blp.available(1, BASE));
        assertEquals(1_010, exchange.blp.available(2, BASE), "an id is the account's own");
    }

    @Test
    void shouldApplyEveryDepositWithoutAnId()
    {
        exchange.apply(deposit(1, BASE, 10));
        exchange.apply(deposit(1, BASE, 10));
        assertEquals(1_020, exchange.blp.available(1, BASE));
    }

    @Test
    void shouldRememberARejectedWithdrawalAndRepeatItsReject()
    {
        final long before = exchange.blp.stateHash();
        assertEvents(exchange.apply(withdraw(1, BASE, 5_000).movementId(3)),
            "ADMIN_REJECTED accountId=1 rejectReason=INSUFFICIENT_FUNDS assetId=1 amount=5000 movementId=3");
        assertNotEquals(before, exchange.blp.stateHash(), "the outcome is remembered: state");
        exchange.apply(deposit(1, BASE, 10_000));
        assertEvents(exchange.rejected(withdraw(1, BASE, 5_000).movementId(3)),
            "ADMIN_REJECTED accountId=1 rejectReason=INSUFFICIENT_FUNDS assetId=1 amount=5000 movementId=3");
        assertEquals(11_000, exchange.blp.available(1, BASE));
    }

    @Test
    void shouldKeepTheIdsOfDepositsAndWithdrawalsApart()
    {
        exchange.apply(deposit(1, BASE, 10).movementId(5));
        assertEvents(exchange.apply(withdraw(1, BASE, 4).movementId(5)),
            "ADMIN_DONE accountId=1 assetId=1 amount=4 movementId=5",
            "BALANCE_CHANGED accountId=1 assetId=1 available=1006");
    }

    @Test
    void shouldRememberNothingForAnUnknownAccount()
    {
        assertEvents(exchange.rejected(deposit(8, BASE, 10).movementId(4)),
            "ADMIN_REJECTED accountId=8 rejectReason=UNKNOWN_ACCOUNT assetId=1 amount=10 movementId=4");
        exchange.apply(new Command().type(CommandType.OPEN_ACCOUNT).accountId(8));
        assertEvents(exchange.apply(deposit(8, BASE, 10).movementId(4)),
            "ADMIN_DONE accountId=8 assetId=1 amount=10 movementId=4",
            "BALANCE_CHANGED accountId=8 assetId=1 available=10");
    }

    @Test
    void shouldRepeatTheFirstOutcomeAfterASnapshotIsRestored()
    {
        exchange.apply(deposit(1, BASE, 10).movementId(7));
        exchange.apply(withdraw(2, QUOTE, 2_000_000).movementId(7));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = exchange.blp.writeSnapshot(buffer, 0);
        assertEquals(2, buffer.getInt(4, SnapshotLayout.ORDER), "movement ids need format 2");
        final TestExchange restored = new TestExchange(BusinessLogicProcessor.readSnapshot(buffer, 0, length));
        assertEquals(exchange.blp.stateHash(), restored.blp.stateHash());

        assertEvents(restored.rejected(deposit(1, BASE, 99).movementId(7)),
            "ADMIN_DONE accountId=1 assetId=1 amount=10 movementId=7");
        assertEvents(restored.rejected(withdraw(2, QUOTE, 1).movementId(7)),
            "ADMIN_REJECTED accountId=2 rejectReason=INSUFFICIENT_FUNDS assetId=2 amount=2000000 movementId=7");
    }

    @Test
    void shouldWriteAStateWithoutMovementIdsInTheFirstFormat()
    {
        exchange.apply(deposit(1, BASE, 10));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int length = exchange.blp.writeSnapshot(buffer, 0);
        assertEquals(1, buffer.getInt(4, SnapshotLayout.ORDER), "readable by the versions before movement ids");
        assertEquals(exchange.blp.stateHash(),
            BusinessLogicProcessor.readSnapshot(buffer, 0, length).stateHash());
    }
}
