package dev.exengine.protocol.codec;

import dev.exengine.core.command.OrderType;
import dev.exengine.core.command.Side;
import dev.exengine.core.command.TimeInForce;
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

    @Test
    void shouldDocumentEveryMessageAndEnumAsTheSchemaDefinesThem() throws Exception
    {
        final String rendered = renderReference();
        Files.writeString(Path.of("target", "PROTOCOL-reference.md"), rendered);
        final String doc = Files.readString(DOC);

        final int begin = doc.indexOf(BEGIN);
        final int end = doc.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "PROTOCOL.md lacks the generated-reference markers");
        assertEquals(rendered, doc.substring(begin + BEGIN.length(), end),
            "PROTOCOL.md is stale: paste target/PROTOCOL-reference.md between the markers");
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

    private static String renderReference() throws Exception
    {
        final MessageSchema schema;
        try (InputStream in = ProtocolDocTest.class.getResourceAsStream("/sbe/exengine-schema.xml"))
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
            for (final Field field : message.fields())
            {
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
