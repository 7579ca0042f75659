package dev.exengine.journal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What every program of the engine prints for {@code -V}, in one form: the build's version (the Maven project's) and
 * the git commit it was built from (both written by the build into {@value #RESOURCE}), then the formats it speaks,
 * so that an operator can tell which build wrote a journal or serves a client and which one reads it.
 */
public final class ProductVersion
{
    private static final String RESOURCE = "/exengine-build.properties";
    private static final String UNKNOWN = "unknown";
    private static final Properties BUILD = read();

    private ProductVersion()
    {
    }

    /** The Maven project version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String version()
    {
        return BUILD.getProperty("version", UNKNOWN);
    }

    /** The full git commit id, with {@code +modified} when the tree had uncommitted changes; {@code unknown} outside git. */
    public static String commit()
    {
        return BUILD.getProperty("commit", UNKNOWN);
    }

    /**
     * @param program       the program's name, as its usage shows it.
     * @param schemaId      the SBE schema's id (the protocol's MessageHeaderEncoder.SCHEMA_ID).
     * @param schemaVersion the SBE schema's version (MessageHeaderEncoder.SCHEMA_VERSION).
     * @return the lines {@code -V} prints.
     */
    public static String[] lines(final String program, final int schemaId, final int schemaVersion)
    {
        return new String[] {
            program + " " + version() + " (commit " + commit() + ")",
            "SBE schema " + schemaId + " version " + schemaVersion + ", journal format " +
                JournalRecordDescriptor.CURRENT_VERSION};
    }

    private static Properties read()
    {
        final Properties build = new Properties();
        try (InputStream in = ProductVersion.class.getResourceAsStream(RESOURCE))
        {
            if (in != null)
            {
                build.load(in);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + RESOURCE, ex);
        }
        return build;
    }
}
