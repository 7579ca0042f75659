package dev.exengine.core.ledger;

import dev.exengine.core.TestExchange;
import dev.exengine.core.command.Command;
import dev.exengine.core.command.CommandType;
import org.junit.jupiter.api.Test;

import static dev.exengine.core.TestExchange.BASE;
import static dev.exengine.core.TestExchange.assertEvents;
import static dev.exengine.core.TestExchange.transfer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class TransferTest
{
    private final TestExchange exchange = TestExchange.standard();

    @Test
    void shouldTransferAndRepeatOutcomeForSameTransferId()
    {
        assertEvents(exchange.apply(transfer(1, 2, BASE, 10, 77)),
            "TRANSFER_DONE accountId=1 transferId=77 targetAccountId=2 assetId=1 amount=10",
            "BALANCE_CHANGED accountId=1 assetId=1 available=990",
            "BALANCE_CHANGED accountId=2 assetId=1 available=1010");
        assertEvents(exchange.rejected(transfer(1, 3, BASE, 500, 77)),
            "TRANSFER_DONE accountId=1 transferId=77 targetAccountId=2 assetId=1 amount=10");
        assertEquals(990, exchange.blp.available(1, BASE));
    }

    @Test
    void shouldRememberRejectedTransfer()
    {
        final long before = exchange.blp.stateHash();
        assertEvents(exchange.apply(transfer(1, 2, BASE, 5_000, 8)),
            "TRANSFER_REJECTED accountId=1 rejectReason=INSUFFICIENT_FUNDS transferId=8 targetAccountId=2 " +
                "assetId=1 amount=5000");
        assertNotEquals(before, exchange.blp.stateHash());
        assertEvents(exchange.rejected(transfer(1, 2, BASE, 5, 8)),
            "TRANSFER_REJECTED accountId=1 rejectReason=INSUFFICIENT_FUNDS transferId=8 targetAccountId=2 " +
                "assetId=1 amount=5000");
    }

    @Test
    void shouldRejectTransfersInCheckOrder()
    {
        assertEvents(exchange.rejected(transfer(8, 2, BASE, 1, 1)),
            "TRANSFER_REJECTED accountId=8 rejectReason=UNKNOWN_ACCOUNT transferId=1 targetAccountId=2 " +
                "assetId=1 amount=1");
        assertReason(transfer(1, 8, BASE, 1, 2), "UNKNOWN_ACCOUNT");
        assertReason(transfer(1, 1, BASE, 1, 3), "TRANSFER_TO_SELF");
        assertReason(transfer(1, 2, 9, 1, 4), "UNKNOWN_ASSET");
        assertReason(transfer(1, 2, BASE, 0, 5), "INVALID_AMOUNT");
        exchange.apply(new Command().type(CommandType.SUSPEND_ACCOUNT).accountId(2));
        assertReason(transfer(1, 2, BASE, 1, 7), "ACCOUNT_SUSPENDED");
    }

    private void assertReason(final Command command, final String reason)
    {
        final String event = exchange.apply(command).get(0);
        assertEquals(true, event.startsWith("TRANSFER_REJECTED") && event.contains(" rejectReason=" + reason + " "), event);
    }
}
