package dev.exengine.tool;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvRowTest
{
    @Test
    void shouldQuoteOnlyTheCellsThatNeedItAsRfc4180Says()
    {
        assertEquals("plain,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",back\\slash,\"\"\"\"",
            CsvRow.append(new StringBuilder(), Arrays.asList("plain", null, "a,b", "say \"hi\"", "two\nlines",
                "cr\rhere", "back\\slash", "\"")).toString());
    }
}
