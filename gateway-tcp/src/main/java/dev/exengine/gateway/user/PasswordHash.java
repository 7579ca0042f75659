package dev.exengine.gateway.user;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash in its one-line text form
 * {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}, the only form in which a password is ever stored.
 * Immutable. Verifying costs {@code iterations} HMACs by design, so the server runs it off the network thread.
 */
public final class PasswordHash
{
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(final int iterations, final byte[] salt, final byte[] hash)
    {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a password with a fresh random salt. */
    public static PasswordHash create(final char[] password, final int iterations)
    {
        if (iterations < 1)
        {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        final byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, HASH_BITS));
    }

    /**
     * @throws IllegalArgumentException when the text is not a hash line of this scheme.
     */
    public static PasswordHash parse(final String text)
    {
        final String[] parts = text.trim().split(":");
        if (parts.length != 4 || !SCHEME.equals(parts[0]))
        {
            throw new IllegalArgumentException("not a " + SCHEME + ":<iterations>:<salt>:<hash> line");
        }
        try
        {
            final int iterations = Integer.parseInt(parts[1]);
            final byte[] salt = Base64.getDecoder().decode(parts[2]);
            final byte[] hash = Base64.getDecoder().decode(parts[3]);
            if (iterations < 1 || salt.length == 0 || hash.length == 0)
            {
                throw new IllegalArgumentException("empty salt or hash, or iterations < 1");
            }
            return new PasswordHash(iterations, salt, hash);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("malformed " + SCHEME + " hash line: " + ex.getMessage(), ex);
        }
    }

    /** Compares in constant time so that the time taken tells nothing about the stored hash. */
    public boolean matches(final char[] password)
    {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length * 8));
    }

    public int iterations()
    {
        return iterations;
    }

    @Override
    public String toString()
    {
        final Base64.Encoder encoder = Base64.getEncoder().withoutPadding();
        return SCHEME + ":" + iterations + ":" + encoder.encodeToString(salt) + ":" + encoder.encodeToString(hash);
    }

    private static byte[] derive(final char[] password, final byte[] salt, final int iterations, final int bits)
    {
        final PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try
        {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable in this JVM", ex);
        }
        finally
        {
            spec.clearPassword();
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof PasswordHash other && iterations == other.iterations &&
            Arrays.equals(salt, other.salt) && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode()
    {
        return 31 * Arrays.hashCode(salt) + Arrays.hashCode(hash);
    }
}
