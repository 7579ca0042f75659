package dev.exengine.tool;

/**
 * One CSV row as RFC 4180 writes it: cells separated by commas; a cell holding a comma, a double quote, CR or LF
 * is quoted, its double quotes doubled. Twenty lines of our own rather than a library: jackson-dataformat-csv brings
 * jackson-databind and its annotations (about 1.9 MB), commons-csv brings commons-io and commons-codec, for what
 * these lines do. Rows end as the caller ends lines.
 */
final class CsvRow
{
    private CsvRow()
    {
    }

    static StringBuilder append(final StringBuilder row, final Iterable<String> cells)
    {
        boolean first = true;
        for (final String cell : cells)
        {
            if (!first)
            {
                row.append(',');
            }
            first = false;
            appendCell(row, cell == null ? "" : cell);
        }
        return row;
    }

    private static void appendCell(final StringBuilder row, final String cell)
    {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\r') < 0 && cell.indexOf('\n') < 0)
        {
            row.append(cell);
            return;
        }
        row.append('"').append(cell.replace("\"", "\"\"")).append('"');
    }
}
