package dev.exengine.gateway.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionArchiveTest
{
    private static final long CREATED = 1_700_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldMoveTheIdAndTheStoresIntoTheArchiveSoThatTheNextIdIsNew() throws Exception
    {
        final String id = SessionId.loadOrCreate(dir, CREATED);
        Files.createDirectories(dir.resolve("users").resolve("alice"));
        Files.writeString(dir.resolve("users").resolve("alice").resolve("stream"), "messages");

        final Path archive = SessionArchive.archive(dir);

        assertEquals(dir.resolve("sessions").resolve(id), archive);
        assertEquals(id, SessionId.read(archive));
        assertEquals("messages", Files.readString(archive.resolve("users").resolve("alice").resolve("stream")));
        assertTrue(Files.notExists(dir.resolve("users")));
        assertEquals(CREATED, SessionId.createdMillis(id));
        final String next = SessionId.loadOrCreate(dir, SessionId.createdMillis(id) + 1);
        assertTrue(!next.equals(id), next);
        assertNull(SessionArchive.finishInterrupted(dir), "nothing was interrupted");
    }

    @Test
    void shouldFinishAnArchiveThatACrashInterruptedBetweenTheIdAndTheStores() throws Exception
    {
        final String id = SessionId.loadOrCreate(dir, CREATED);
        Files.createDirectories(dir.resolve("users").resolve("bob"));
        // What a crash after the first of the two moves leaves.
        Files.createDirectories(dir.resolve("sessions").resolve(id));
        Files.move(dir.resolve(SessionId.FILE_NAME), dir.resolve("sessions").resolve(id).resolve(SessionId.FILE_NAME));

        assertEquals(dir.resolve("sessions").resolve(id), SessionArchive.finishInterrupted(dir));

        assertTrue(Files.isDirectory(dir.resolve("sessions").resolve(id).resolve("users").resolve("bob")));
        assertTrue(Files.notExists(dir.resolve("users")));
    }

    @Test
    void shouldArchiveIntoTheEmptyDirectoryACrashBeforeTheFirstMoveLeft() throws Exception
    {
        final String id = SessionId.loadOrCreate(dir, CREATED);
        Files.createDirectories(dir.resolve("sessions").resolve(id));

        assertEquals(dir.resolve("sessions").resolve(id), SessionArchive.archive(dir));
        assertEquals(id, SessionId.read(dir.resolve("sessions").resolve(id)));
    }

    @Test
    void shouldRefuseWhatItCannotDoSafely() throws Exception
    {
        assertThrows(IllegalStateException.class, () -> SessionArchive.archive(dir), "no session to archive");

        final String id = SessionId.loadOrCreate(dir, CREATED);
        Files.createDirectories(dir.resolve("sessions").resolve(id));
        Files.writeString(dir.resolve("sessions").resolve(id).resolve("left-by-hand"), "");
        final IllegalStateException twice =
            assertThrows(IllegalStateException.class, () -> SessionArchive.archive(dir));
        assertTrue(twice.getMessage().contains("archived already"), twice.getMessage());
        assertEquals(id, SessionId.read(dir), "nothing moved");

        // Stores without an id, and two archived sessions without stores: whose are they? An operator decides.
        Files.delete(dir.resolve(SessionId.FILE_NAME));
        Files.createDirectories(dir.resolve("users"));
        Files.writeString(dir.resolve("sessions").resolve(id).resolve(SessionId.FILE_NAME), id + "\n");
        Files.createDirectories(dir.resolve("sessions").resolve("0000000001"));
        Files.writeString(dir.resolve("sessions").resolve("0000000001").resolve(SessionId.FILE_NAME), "0000000001\n");
        assertThrows(IllegalStateException.class, () -> SessionArchive.finishInterrupted(dir));
        assertTrue(Files.isDirectory(dir.resolve("users")), "nothing moved");
    }

    @Test
    void shouldRejectAnIdFileThatHoldsNoId() throws Exception
    {
        Files.writeString(dir.resolve(SessionId.FILE_NAME), "not-an-id!\n");
        assertThrows(IllegalStateException.class, () -> SessionId.loadOrCreate(dir, CREATED));
    }
}
