package dev.exengine.gateway.user;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

class AuthTest
{
    @Test
    void shouldVerifyOnlyTheRightPasswordAndNeverStoreItInClear()
    {
        final PasswordHash hash = PasswordHash.create("secret".toCharArray(), 1_000);
        assertTrue(hash.matches("secret".toCharArray()));
        assertFalse(hash.matches("Secret".toCharArray()));
        assertFalse(hash.toString().contains("secret"));
        final PasswordHash parsed = PasswordHash.parse(hash.toString());
        assertEquals(hash, parsed);
        assertTrue(parsed.matches("secret".toCharArray()));
        assertNotEquals(hash, PasswordHash.create("secret".toCharArray(), 1_000), "a fresh salt every time");
    }

    @Test
    void shouldRejectMalformedHashLines()
    {
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("secret"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2-sha256:x:AA:AA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("md5:1:AA:AA"));
    }

    @Test
    void shouldBuildDirectoryFromProperties()
    {
        final Properties properties = new Properties();
        properties.setProperty("user.bob.password", PasswordHash.create("b".toCharArray(), 10).toString());
        properties.setProperty("user.bob.accounts", "7, 8");
        properties.setProperty("user.ops.password", PasswordHash.create("o".toCharArray(), 10).toString());
        properties.setProperty("user.ops.admin", "true");
        final UserDirectory users = UserDirectory.fromProperties(properties);
        assertEquals(2, users.size());
        final User bob = users.user("bob");
        assertEquals(1, bob.index());
        assertTrue(bob.mayTrade(7));
        assertFalse(bob.mayTrade(9));
        assertFalse(bob.isAdmin());
        assertTrue(users.user("ops").isAdmin());
        assertTrue(users.user("ops").mayTrade(9));
        assertSame(bob, users.owners(8)[0]);
        assertEquals(0, users.owners(9).length);
    }

    @Test
    void shouldRefuseUsernamesSoupBinTcpCannotCarry()
    {
        final PasswordHash hash = PasswordHash.create("x".toCharArray(), 10);
        assertThrows(IllegalArgumentException.class, () -> new User("toolongname", hash, false));
        assertThrows(IllegalArgumentException.class, () -> new User("a b", hash, false));
    }
}
