package dev.exengine.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductVersionTest
{
    @Test
    void shouldNameTheBuildsVersionCommitAndFormats()
    {
        assertTrue(ProductVersion.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), ProductVersion.version());
        assertTrue(ProductVersion.commit().matches("[0-9a-f]{40}(\\+modified)?|unknown"), ProductVersion.commit());
        assertArrayEquals(new String[] {
            "tool " + ProductVersion.version() + " (commit " + ProductVersion.commit() + ")",
            "SBE schema 7001 version 2, journal format " + JournalRecordDescriptor.CURRENT_VERSION},
            ProductVersion.lines("tool", 7001, 2));
    }
}
