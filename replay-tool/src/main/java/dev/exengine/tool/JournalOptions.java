package dev.exengine.tool;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The DIR argument and snapshot override every command takes. */
final class JournalOptions
{
    @Parameters(index = "0", paramLabel = "DIR",
        description = "Engine data directory (holding journal/ and snapshots/), or a journal directory.")
    Path dir;

    @Option(names = "--snapshots", paramLabel = "DIR",
        description = "Snapshot directory (default: DIR/snapshots, or the journal's sibling snapshots/).")
    Path snapshots;

    JournalLocation location()
    {
        return JournalLocation.resolve(dir, snapshots);
    }
}
