package dev.exengine.tool;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonLineTest
{
    @Test
    void shouldEscapeWhatJsonNeedsAndWriteLongsAsStrings()
    {
        final String awkward = "a \"quote\", a back\\slash, a comma, a\nnewline, a\r\tcontrol \u0001 and \u00e9";
        final JsonLine json = new JsonLine();
        json.begin();
        json.field("text", awkward);
        json.field("timestamp", 1_714_557_600_012_345_678L);
        json.field("id", Long.MIN_VALUE);
        json.field("assetId", 7);
        json.field("postOnly", false);
        json.field("cancelReason", null);
        final String line = json.end().toString();
        assertEquals(-1, line.indexOf('\n'), "one line: " + line);

        final Map<String, Object> expected = new HashMap<>();
        expected.put("text", awkward);
        expected.put("timestamp", "1714557600012345678");
        expected.put("id", "-9223372036854775808");
        expected.put("assetId", 7L);
        expected.put("postOnly", false);
        expected.put("cancelReason", null);
        assertEquals(expected, JsonLines.parseObject(line));
    }

    @Test
    void shouldStartEveryLineAfresh()
    {
        final JsonLine json = new JsonLine();
        json.begin();
        json.field("n", 1);
        assertEquals("{\"n\":1}", json.end().toString());
        json.begin();
        json.field("n", 2);
        assertEquals("{\"n\":2}", json.end().toString());
    }
}
