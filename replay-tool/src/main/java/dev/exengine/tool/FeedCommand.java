package dev.exengine.tool;

import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.marketdata.FeedBuilder;
import dev.exengine.marketdata.FeedText;
import org.agrona.DirectBuffer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Replays the journal and prints the public market-data feed it produces. */
@picocli.CommandLine.Command(name = "feed", mixinStandardHelpOptions = true,
    header = "Replays the journal and prints the market-data feed it produces, as text or JSON.",
    description = {"Replays the journal from its first record and prints the public market-data feed the engine",
        "derives from it (docs/PROTOCOL.md section 4), message by message with its feed sequence number: what",
        "every reader of the feed saw, and when. The same journal always gives the same feed, byte for byte.",
        "Text: TIME #FEED_SEQUENCE MESSAGE field=value ...; JSON: one object per line with feedSequence and time.",
        "--from-time and --to-time select by the engine time of the command that made each message."})
final class FeedCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    Reporting reporting;

    @Option(names = "--from-feed-seq", paramLabel = "SEQ", description = "First feed sequence number to show.")
    long fromFeedSequence = 1;

    @Option(names = "--to-feed-seq", paramLabel = "SEQ", description = "Last feed sequence number to show.")
    long toFeedSequence = Long.MAX_VALUE;

    @Option(names = "--from-time", paramLabel = "TIME", converter = Timestamps.class,
        description = "Earliest engine time, ISO-8601 UTC (2024-05-01T10:31:07Z), a date, or epoch nanoseconds.")
    long fromTime = Long.MIN_VALUE;

    @Option(names = "--to-time", paramLabel = "TIME", converter = Timestamps.class,
        description = "Latest engine time (inclusive), same forms as --from-time.")
    long toTime = Long.MAX_VALUE;

    @Option(names = "--instrument", paramLabel = "ID", description = "Only messages of this instrument (repeatable).")
    List<Integer> instruments = List.of();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json (one object per line).")
    OutputFormat format = OutputFormat.text;

    private final FeedText feedText = new FeedText();
    private final StringBuilder text = new StringBuilder(256);
    private final StringBuilder line = new StringBuilder(512);
    private final JsonLine json = new JsonLine();
    private FeedBuilder builder;
    private PrintWriter out;
    private long feedSequence;

    @Override
    public Integer call()
    {
        if (format == OutputFormat.csv)
        {
            throw new ToolException(ExitCodes.USAGE, "feed prints text or json, not csv");
        }
        final JournalLocation location = journal.location();
        out = spec.commandLine().getOut();
        builder = new FeedBuilder(this::onMessage);
        final EventListener listener = this::onEvent;
        try
        {
            // From scratch: a message's number counts every message before it, from the journal's first command.
            Replays.run(location, Optional.empty(), Long.MAX_VALUE, toTime, listener, reporting,
                spec.commandLine().getErr(), "feed: replayed");
        }
        finally
        {
            out.flush();
        }
        return ExitCodes.OK;
    }

    private void onEvent(final Event event)
    {
        builder.onEvent(event);
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = ++feedSequence;
        final long timestamp = builder.timestamp();
        if (sequence < fromFeedSequence || sequence > toFeedSequence || timestamp < fromTime || timestamp > toTime)
        {
            return;
        }
        text.setLength(0);
        feedText.appendTo(buffer, offset, length, text);
        if (!instruments.isEmpty() && !instruments.contains(instrumentOf(text)))
        {
            return;
        }
        line.setLength(0);
        if (format == OutputFormat.json)
        {
            json.begin();
            json.field("feedSequence", sequence);
            json.field("type", text.substring(0, text.indexOf(" ")));
            CanonicalText.fields(text, (name, value) -> json.field(name, typed(name, value)));
            json.field("time", Timestamps.iso(timestamp));
            line.append(json.end());
        }
        else
        {
            line.append(Timestamps.iso(timestamp)).append(" #").append(sequence).append(' ').append(text);
        }
        out.println(line);
    }

    /** OUTPUT-FORMATS.md's types: an int field a number, a long field a string of digits, a name a string. */
    private static Object typed(final String name, final String value)
    {
        if (value == null)
        {
            return Boolean.TRUE;
        }
        if (!value.isEmpty() && (Character.isDigit(value.charAt(0)) || value.charAt(0) == '-'))
        {
            return "instrumentId".equals(name) ? (Object)Integer.valueOf(value) : (Object)Long.valueOf(value);
        }
        return value;
    }

    private static int instrumentOf(final CharSequence text)
    {
        final int[] instrumentId = {0};
        CanonicalText.fields(text, (name, value) ->
        {
            if ("instrumentId".equals(name))
            {
                instrumentId[0] = Integer.parseInt(value);
            }
        });
        return instrumentId[0];
    }
}
