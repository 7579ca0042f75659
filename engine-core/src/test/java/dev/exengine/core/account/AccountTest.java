package dev.exengine.core.account;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountTest
{
    @Test
    void shouldKeepBalancesAndEntriesWhileAssetsAreAddedPastOneWordOfBits()
    {
        final Account account = new Account(7, 0, 0);
        for (int asset = 0; asset < 200; asset++)
        {
            account.ensureAssetCapacity(asset + 1);
            if (asset % 3 == 0)
            {
                account.touch(asset);
            }
            account.credit(asset, 1_000 + asset);
            account.hold(asset, asset);
            // Everything set so far survives each growth.
            for (int earlier = 0; earlier <= asset; earlier++)
            {
                assertEquals(1_000, account.available(earlier));
                assertEquals(earlier, account.held(earlier));
                assertEquals(earlier % 3 == 0, account.isTouched(earlier), "asset " + earlier);
            }
        }
    }

    @Test
    void shouldRestoreAnEntryAsTouchedOrNot()
    {
        final Account account = new Account(7, 0, 130);
        account.touch(129);
        account.restoreBalance(129, false, 5, 6);
        account.restoreBalance(64, true, 7, 8);

        assertFalse(account.isTouched(129));
        assertTrue(account.isTouched(64));
        assertFalse(account.isTouched(0));
        assertEquals(5, account.available(129));
        assertEquals(6, account.held(129));
        account.spendHeld(64, 8);
        account.debit(64, 7);
        assertEquals(0, account.available(64));
        assertEquals(0, account.held(64));
    }
}
