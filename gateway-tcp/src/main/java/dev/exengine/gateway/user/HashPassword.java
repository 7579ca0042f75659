package dev.exengine.gateway.user;

import java.io.Console;
import java.util.Arrays;

/**
 * Operator tool: prints the {@code user.<name>.password} line for a user directory file. The password is read from
 * the console without echo (or from standard input when there is no console), never from the command line where
 * it would end up in the shell history and the process list.
 *
 * <pre>java -cp gateway-tcp.jar dev.exengine.gateway.user.HashPassword alice [iterations]</pre>
 */
public final class HashPassword
{
    private HashPassword()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length < 1 || args.length > 2)
        {
            System.err.println("usage: HashPassword <username> [iterations, default " +
                PasswordHash.DEFAULT_ITERATIONS + "]");
            System.exit(2);
        }
        final int iterations = args.length == 2 ? Integer.parseInt(args[1]) : PasswordHash.DEFAULT_ITERATIONS;
        final char[] password = readPassword();
        try
        {
            if (password.length == 0 || password.length > 10)
            {
                System.err.println("a SoupBinTCP password has 1 to 10 characters");
                System.exit(2);
            }
            System.out.println("user." + args[0] + ".password = " + PasswordHash.create(password, iterations));
        }
        finally
        {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] readPassword() throws Exception
    {
        final Console console = System.console();
        if (console != null)
        {
            return console.readPassword("password: ");
        }
        final StringBuilder sb = new StringBuilder();
        int c;
        while ((c = System.in.read()) != -1 && c != '\n' && c != '\r')
        {
            sb.append((char)c);
        }
        return sb.toString().toCharArray();
    }
}
