package dev.exengine.journal.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SnapshotStoreTest
{
    @TempDir
    Path dir;

    private static ByteBuffer state(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void shouldWriteListAndLoadNewestSnapshot()
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path older = store.write(42, 0xABCL, state("older state"));
        final Path newer = store.write(1_000, 0xDEFL, state("newer state"));
        assertEquals("snapshot-00000000000000001000.snap", newer.getFileName().toString());

        final List<SnapshotStore.SnapshotInfo> list = store.list();
        assertEquals(List.of(
            new SnapshotStore.SnapshotInfo(older, 42, 0xABCL, SnapshotStore.HEADER_LENGTH + 11, true),
            new SnapshotStore.SnapshotInfo(newer, 1_000, 0xDEFL, SnapshotStore.HEADER_LENGTH + 11, true)), list);

        final SnapshotStore.LoadResult result = store.loadNewestValid();
        assertEquals(1_000, result.snapshot().orElseThrow().journalSequence());
        assertEquals("newer state", text(result.state()));
        assertEquals(List.of(), result.skipped());
    }

    @Test
    void shouldFallBackToOlderSnapshotWhenNewestIsDamaged() throws IOException
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(1, 11, state("good"));
        final Path damaged = store.write(2, 22, state("will be damaged"));
        try (FileChannel channel = FileChannel.open(damaged, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(new byte[]{'X'}), SnapshotStore.HEADER_LENGTH + 3);
        }

        final SnapshotStore.LoadResult result = store.loadNewestValid();
        assertEquals(1, result.snapshot().orElseThrow().journalSequence());
        assertEquals("good", text(result.state()));
        assertEquals(List.of(new SnapshotStore.SkippedSnapshot(damaged, "checksum mismatch")), result.skipped());
        assertFalse(store.list().get(1).valid());
    }

    @Test
    void shouldSkipTruncatedSnapshot() throws IOException
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(1, 11, state("good"));
        final Path truncated = store.write(2, 22, state("will be truncated"));
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE))
        {
            channel.truncate(SnapshotStore.HEADER_LENGTH + 2);
        }
        final SnapshotStore.LoadResult result = store.loadNewestValid();
        assertEquals(1, result.snapshot().orElseThrow().journalSequence());
        assertTrue(result.skipped().get(0).reason().contains("does not match file size"), result.skipped().toString());
    }

    @Test
    void shouldFindNothingWhenThereAreNoSnapshots()
    {
        final SnapshotStore store = SnapshotStore.open(dir.resolve("none"));
        assertEquals(List.of(), store.list());
        final SnapshotStore.LoadResult result = store.loadNewestValid();
        assertTrue(result.snapshot().isEmpty());
        assertEquals(0, result.state().remaining());
    }

    @Test
    void shouldIgnoreAndRemoveTemporaryFilesLeftByCrash() throws IOException
    {
        SnapshotStore.open(dir).write(5, 55, state("kept"));
        final Path leftover = dir.resolve(SnapshotStore.fileName(9) + ".tmp");
        Files.write(leftover, new byte[]{1, 2, 3});

        final SnapshotStore store = SnapshotStore.open(dir);
        assertTrue(Files.exists(leftover), "opening changes nothing on disk");
        assertEquals(1, store.list().size());
        assertEquals(List.of(leftover), store.deleteIncompleteWrites());
        assertFalse(Files.exists(leftover));
        assertEquals(5, store.loadNewestValid().snapshot().orElseThrow().journalSequence());
    }

    @Test
    void shouldRetainOnlyNewestSnapshots()
    {
        final SnapshotStore store = SnapshotStore.open(dir);
        final Path first = store.write(1, 1, state("1"));
        final Path second = store.write(2, 2, state("2"));
        store.write(3, 3, state("3"));
        store.write(4, 4, state("4"));

        assertEquals(List.of(first, second), store.retain(2));
        assertEquals(List.of(3L, 4L), store.list().stream().map(SnapshotStore.SnapshotInfo::journalSequence).toList());
        assertThrows(IllegalArgumentException.class, () -> store.retain(0));
    }
}
