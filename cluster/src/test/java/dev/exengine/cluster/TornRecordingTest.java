package dev.exengine.cluster;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveMarkFile;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An archive as a kill can leave it: a recording still open (no stop position) whose last fragment was cut at a page
 * boundary. Aeron refuses to start over it; after {@link TornRecording#truncate} it starts, with the fragment gone.
 */
class TornRecordingTest
{
    private static final int STREAM = 1001;
    private static final String CHANNEL = "aeron:ipc?term-length=64k";

    @TempDir
    Path dir;

    @Test
    void shouldTruncateATornLastFragmentSoThatTheArchiveStarts() throws Exception
    {
        final Path live = dir.resolve("live");
        final Path crashed = dir.resolve("crashed");
        final long recorded = recordAndCopyWhileRecording(live, crashed);
        final Path segment;
        try (Stream<Path> files = Files.list(crashed))
        {
            segment = files.filter(path -> path.toString().endsWith(".rec")).findFirst().orElseThrow();
        }
        tearAFragmentAt(segment, recorded);

        final Exception refused = assertThrows(Exception.class, () -> CloseHelper.close(archive(crashed)));
        assertTrue(TornRecording.isCause(refused), refused.toString());

        final List<File> truncated = TornRecording.truncate(crashed.toFile());

        assertEquals(List.of(segment.toFile().getAbsoluteFile()),
            truncated.stream().map(File::getAbsoluteFile).toList());
        try (Archiving archiving = archive(crashed);
            AeronArchive client = connect(archiving))
        {
            final long[] stopPosition = {Aeron.NULL_VALUE};
            client.listRecordings(0, 10, (controlSessionId, correlationId, recordingId, startTimestamp,
                stopTimestamp, startPosition, stop, initialTermId, segmentFileLength, termBufferLength,
                mtuLength, sessionId, streamId, strippedChannel, originalChannel, sourceIdentity) ->
                stopPosition[0] = stop);
            assertEquals(recorded, stopPosition[0], "the recording ends where the torn fragment began");
        }
    }

    @Test
    void shouldTellATornFragmentFromOtherFailures()
    {
        assertTrue(TornRecording.isCause(new IllegalStateException("wrapped", new RuntimeException(
            "ERROR - Found potentially incomplete last fragment straddling page boundary in file: x.rec"))));
        assertFalse(TornRecording.isCause(new IllegalStateException("active mark file detected: y")));
    }

    /** Records a stream and copies the archive while the recording is open: a crashed archive's directory. */
    private long recordAndCopyWhileRecording(final Path live, final Path copy) throws IOException
    {
        try (Archiving archiving = archive(live);
            AeronArchive client = connect(archiving);
            Publication publication = client.addRecordedPublication(CHANNEL, STREAM))
        {
            final UnsafeBuffer message = new UnsafeBuffer(new byte[1000]);
            message.setMemory(0, 1000, (byte)7);
            for (int i = 0; i < 20; i++)
            {
                while (publication.offer(message) < 0)
                {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                }
            }
            final long end = publication.position();
            final long recordingId = awaitRecordingId(client);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.getRecordingPosition(recordingId) < end)
            {
                assertTrue(System.nanoTime() - deadline < 0, "not recorded within 30 s");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            copyDirectory(live, copy);
            return end;
        }
    }

    private static AeronArchive connect(final Archiving archiving)
    {
        return AeronArchive.connect(new AeronArchive.Context()
            .aeronDirectoryName(archiving.driver.aeronDirectoryName())
            .controlRequestChannel("aeron:ipc")
            .controlRequestStreamId(archiving.archive.context().localControlStreamId())
            .controlResponseChannel("aeron:ipc"));
    }

    private static long awaitRecordingId(final AeronArchive client)
    {
        final long[] found = {Aeron.NULL_VALUE};
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (found[0] == Aeron.NULL_VALUE)
        {
            client.listRecordings(0, 10, (controlSessionId, correlationId, recordingId, startTimestamp,
                stopTimestamp, startPosition, stopPosition, initialTermId, segmentFileLength, termBufferLength,
                mtuLength, sessionId, streamId, strippedChannel, originalChannel, sourceIdentity) ->
                found[0] = recordingId);
            assertTrue(System.nanoTime() - deadline < 0, "no recording within 30 s");
        }
        return found[0];
    }

    /**
     * Writes the header of a fragment that begins at the end of what was recorded and reaches over the next page
     * boundary, the pages after it left empty: a write the kill cut at a page boundary.
     */
    private static void tearAFragmentAt(final Path segment, final long end) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            final int length = 4096 + 64;
            final byte[] header = new byte[4];
            new UnsafeBuffer(header).putInt(0, length, ByteOrder.LITTLE_ENDIAN);
            file.seek(end);
            file.write(header);
        }
    }

    private static void copyDirectory(final Path from, final Path to) throws IOException
    {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from))
        {
            for (final Path file : files.toList())
            {
                // Not the mark file: a killed member's is removed before the start (StaleMarks).
                if (Files.isRegularFile(file) && !file.getFileName().toString().equals(ArchiveMarkFile.FILENAME))
                {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }

    private Archiving archive(final Path archiveDirectory)
    {
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("driver-" + archiveDirectory.getFileName()).toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        try
        {
            return new Archiving(driver, Archive.launch(new Archive.Context()
                .aeronDirectoryName(driver.aeronDirectoryName())
                .archiveDir(archiveDirectory.toFile())
                .controlChannel("aeron:udp?endpoint=localhost:0")
                .localControlChannel("aeron:ipc")
                .replicationChannel("aeron:udp?endpoint=localhost:0")
                .threadingMode(ArchiveThreadingMode.SHARED)
                .segmentFileLength(1024 * 1024)
                .deleteArchiveOnStart(false)));
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
    }

    private record Archiving(MediaDriver driver, Archive archive) implements AutoCloseable
    {
        @Override
        public void close()
        {
            CloseHelper.closeAll(archive, driver);
        }
    }

}
