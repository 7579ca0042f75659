package dev.exengine.protocol.codec;

import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
import dev.exengine.protocol.feed.FeedEncoder;
import dev.exengine.protocol.soupbin.PacketWriter;
import dev.exengine.protocol.soupbin.SoupBinTcp;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import uk.co.real_logic.sbe.xml.EnumType;
import uk.co.real_logic.sbe.xml.Field;
import uk.co.real_logic.sbe.xml.Message;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.Type;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps docs/PROTOCOL.md true: its message and enum tables are rendered from the schema as the SBE tool parses it,
 * and its NewOrder hex example from the encoder. On a mismatch the rendered text is in target/ to paste.
 */
class ProtocolDocTest
{
    private static final Path DOC = Path.of("..", "docs", "PROTOCOL.md");
    private static final String BEGIN = "<!-- generated from the schema by ProtocolDocTest: begin -->\n";
    private static final String END = "<!-- generated from the schema by ProtocolDocTest: end -->\n";
    private static final String FEED_BEGIN = "<!-- generated from the feed schema by ProtocolDocTest: begin -->\n";
    private static final String FEED_END = "<!-- generated from the feed schema by ProtocolDocTest: end -->\n";

    @Test
    void shouldDocumentEveryMessageAndEnumAsTheSchemaDefinesThem() throws Exception
    {
        assertReference("/sbe/exengine-schema.xml", "PROTOCOL-reference.md", BEGIN, END);
    }

    @Test
    void shouldDocumentEveryFeedMessageAndEnumAsTheFeedSchemaDefinesThem() throws Exception
    {
        assertReference("/sbe/exengine-feed-schema.xml", "PROTOCOL-feed-reference.md", FEED_BEGIN, FEED_END);
    }

    @Test
    void shouldShowTheFeedExampleAsEncoded() throws Exception
    {
        final String dump = feedExample();
        Files.writeString(Path.of("target", "PROTOCOL-feed-example.txt"), dump);

        assertTrue(Files.readString(DOC).contains(dump), "PROTOCOL.md's OrderExecuted example differs:\n" + dump);
    }

    private static void assertReference(final String schema, final String target, final String begin,
        final String end) throws Exception
    {
        final String rendered = renderReference(schema);
        Files.writeString(Path.of("target", target), rendered);
        final String doc = Files.readString(DOC);

        final int from = doc.indexOf(begin);
        final int to = doc.indexOf(end);
        assertTrue(from >= 0 && to > from, "PROTOCOL.md lacks the generated-reference markers " + begin.trim());
        assertEquals(rendered, doc.substring(from + begin.length(), to),
            "PROTOCOL.md is stale: paste target/" + target + " between the markers " + begin.trim());
    }

    @Test
    void shouldShowTheNewOrderExampleAsEncoded() throws Exception
    {
        final String dump = newOrderExample();
        Files.writeString(Path.of("target", "PROTOCOL-neworder.txt"), dump);

        assertTrue(Files.readString(DOC).contains(dump), "PROTOCOL.md's NewOrder example differs:\n" + dump);
    }

    /**
     * The worked example of PROTOCOL.md section 3: account 1 (the demo's alice) buys 0.250 BTC (lots of 0.001) at
     * 64,250.00 USD, GTC limit, not post-only.
     */
    static String newOrderExample()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ClientEncoder.MAX_MESSAGE_LENGTH]);
        final int length = new ClientEncoder().newOrder(buffer, 0, 1, 42, 1, Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, false, 6_425_000, 25_000_000);
        return dump(buffer, length);
    }

    /**
     * The feed's worked example of PROTOCOL.md section 4: the demo's first trade, as the feed says it (in its
     * Sequenced Data packet): Bob's resting order 1 sold 0.2 BTC at 65,000.00 USD to Alice's incoming buy, order 3.
     */
    static String feedExample()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[3 + FeedEncoder.MAX_MESSAGE_LENGTH]);
        final int length = new FeedEncoder().orderExecuted(buffer, 3, 12, 1_765_000_000_123_456_789L, 1, 1,
            6_500_000, 20_000_000, 0, 3, dev.exengine.protocol.feed.sbe.Side.BUY, 1);
        PacketWriter.header(buffer, 0, SoupBinTcp.SEQUENCED_DATA, length);
        return dump(buffer, 3 + length);
    }

    private static String dump(final UnsafeBuffer buffer, final int length)
    {
        final StringBuilder sb = new StringBuilder("```\n");
        for (int row = 0; row < length; row += 16)
        {
            sb.append(String.format("%04x ", row));
            for (int i = row; i < Math.min(row + 16, length); i++)
            {
                sb.append(String.format(" %02x", buffer.getByte(i) & 0xFF));
            }
            sb.append('\n');
        }
        return sb.append("```\n").toString();
    }

    private static String renderReference(final String resource) throws Exception
    {
        final MessageSchema schema;
        try (InputStream in = ProtocolDocTest.class.getResourceAsStream(resource))
        {
            schema = XmlSchemaParser.parse(in, ParserOptions.builder().stopOnError(true).build());
        }
        final StringBuilder sb = new StringBuilder();
        schema.messages().stream().sorted(Comparator.comparingInt(Message::id)).forEach(message ->
        {
            sb.append("\n#### ").append(message.name()).append(" (template ").append(message.id())
                .append(", block length ").append(message.blockLength());
            // Fields are only appended: before the version that added one, the block ended where it starts.
            message.fields().stream().mapToInt(Field::sinceVersion).filter(version -> version > 0).distinct().sorted()
                .forEach(version -> sb.append("; ").append(message.fields().stream()
                    .filter(f -> f.sinceVersion() >= version).mapToInt(Field::computedOffset).min().orElseThrow())
                    .append(" before version ").append(version));
            sb.append(")\n\n").append(message.description()).append(".\n\n")
                .append("| field | offset | type | since | meaning |\n|---|---|---|---|---|\n");
            String previousGroup = null;
            for (final Field field : message.fields())
            {
                if (field.groupFields() != null)
                {
                    // Repeating groups follow the block in order: each a 4-byte size header, then its entries.
                    sb.append("| ").append(field.name()).append(" | after ")
                        .append(previousGroup == null ? "the block" : previousGroup).append(" | group of ")
                        .append(field.computedBlockLength()).append("-byte entries | ").append(field.sinceVersion())
                        .append(" | ").append(field.description()).append(" |\n");
                    previousGroup = field.name();
                    for (final Field entry : field.groupFields())
                    {
                        sb.append("| ").append(field.name()).append("[].").append(entry.name()).append(" | ")
                            .append(entry.computedOffset()).append(" | ").append(entry.type().name()).append(" | ")
                            .append(entry.sinceVersion()).append(" | ").append(entry.description()).append(" |\n");
                    }
                    continue;
                }
                sb.append("| ").append(field.name()).append(" | ").append(field.computedOffset()).append(" | ")
                    .append(field.type().name()).append(" | ").append(field.sinceVersion()).append(" | ")
                    .append(field.description()).append(" |\n");
            }
        });
        sb.append("\n### Enums\n\nEvery enum is one unsigned byte; 255 is its null value.\n");
        schema.types().stream().filter(t -> t instanceof EnumType).sorted(Comparator.comparing(Type::name))
            .forEach(type ->
            {
                sb.append("\n#### ").append(type.name()).append("\n\n").append(type.description()).append(".\n\n")
                    .append("| code | name | meaning |\n|---|---|---|\n");
                for (final EnumType.ValidValue value : ((EnumType)type).validValues())
                {
                    sb.append("| ").append(value.primitiveValue()).append(" | ").append(value.name()).append(" | ")
                        .append(value.description() == null ? "" : value.description()).append(" |\n");
                }
            });
        return sb.toString();
    }
}
