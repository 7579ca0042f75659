package dev.exengine.tool;

import dev.exengine.core.event.Event;
import dev.exengine.core.event.EventListener;
import dev.exengine.core.event.EventType;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Replays and prints what the engine produced. */
@picocli.CommandLine.Command(name = "events", mixinStandardHelpOptions = true,
    header = "Replays and prints the events produced (trades, rejects, cancels...) as text, JSON or CSV.",
    description = {"Replays the journal and prints the events the engine produced (acks, trades, rejects,",
        "cancels, balance changes), filtered like 'print', as text, JSON lines or CSV.",
        "Text: TIME TYPE field=value ... (the engine's canonical event text; zero fields are left out).",
        "CSV: a header row, then one row per event with a fixed column set; an unset field is an empty cell.",
        "--account matches the account, the maker, the taker or the transfer target; --type the command type."})
final class EventsCommand implements Callable<Integer>, EventListener
{
    /** The CSV columns, stable across versions: new event fields are appended, never inserted. */
    static final List<String> CSV_COLUMNS = List.of(
        "sequence", "timestamp", "time", "type", "commandType", "accountId", "orderId", "clientOrderId",
        "instrumentId", "side", "orderType", "timeInForce", "postOnly", "price", "quantity", "remainingQuantity",
        "filledQuantity", "rejectReason", "cancelReason", "tradeId", "makerAccountId", "makerOrderId",
        "makerClientOrderId", "makerRemainingQuantity", "makerFee", "takerAccountId", "takerOrderId",
        "takerClientOrderId", "takerRemainingQuantity", "takerFee", "transferId", "targetAccountId", "assetId",
        "amount", "available", "held", "requestId", "count", "movementId");
    private static final int SEQUENCE = 0;
    private static final int TIMESTAMP = 1;
    private static final int TIME = 2;
    private static final int TYPE = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    JournalOptions journal;

    @Mixin
    RecordFilter filter;

    @Mixin
    Reporting reporting;

    @Option(names = "--event-type", paramLabel = "TYPE", description = "Only events of this type (repeatable): ${COMPLETION-CANDIDATES}.")
    List<EventType> eventTypes = List.of();

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json (one object per line) or csv.")
    OutputFormat format = OutputFormat.text;

    @Option(names = "--from-snapshot",
        description = "Start from the newest valid snapshot: faster, but events of commands inside it are not shown.")
    boolean fromSnapshot;

    private final Map<String, Integer> columnIndex = new HashMap<>();
    private final String[] cells = new String[CSV_COLUMNS.size()];
    private final StringBuilder text = new StringBuilder(256);
    private final StringBuilder line = new StringBuilder(512);
    private PrintWriter out;

    @Override
    public Integer call()
    {
        final JournalLocation location = journal.location();
        out = spec.commandLine().getOut();
        if (format == OutputFormat.csv)
        {
            for (int i = 0; i < CSV_COLUMNS.size(); i++)
            {
                columnIndex.put(CSV_COLUMNS.get(i), i);
            }
            out.println(String.join(",", CSV_COLUMNS));
        }
        try
        {
            Replays.run(location, Replays.snapshotSource(location, fromSnapshot), filter.toSequence, filter.toTime, this,
                reporting, spec.commandLine().getErr(), "events: replayed");
        }
        finally
        {
            out.flush();
        }
        return ExitCodes.OK;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (!filter.inRange(event.sequence(), event.timestamp()) || !filter.matches(event) ||
            (!eventTypes.isEmpty() && !eventTypes.contains(event.type())))
        {
            return;
        }
        text.setLength(0);
        event.appendTo(text);
        line.setLength(0);
        switch (format)
        {
            case text -> line.append(Timestamps.iso(event.timestamp())).append(' ').append(text);
            case json ->
            {
                line.append('{');
                CanonicalText.appendJsonFields(text, line);
                line.append(",\"time\":\"").append(Timestamps.iso(event.timestamp())).append("\"}");
            }
            case csv -> appendCsv(event);
            default -> throw new IllegalStateException("unhandled format " + format);
        }
        out.println(line);
    }

    private void appendCsv(final Event event)
    {
        Arrays.fill(cells, "");
        cells[SEQUENCE] = Long.toString(event.sequence());
        cells[TIMESTAMP] = Long.toString(event.timestamp());
        cells[TIME] = Timestamps.iso(event.timestamp());
        cells[TYPE] = event.type().name();
        CanonicalText.fields(text, (name, value) ->
        {
            final Integer column = columnIndex.get(name);
            if (column == null)
            {
                throw new IllegalStateException("event field " + name + " has no CSV column: add it to CSV_COLUMNS");
            }
            cells[column] = value == null ? "true" : value;
        });
        for (int i = 0; i < cells.length; i++)
        {
            line.append(i == 0 ? "" : ",").append(cells[i]);
        }
    }
}
