package dev.exengine.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemberDirectoryTest
{
    @TempDir
    Path data;

    @Test
    void shouldStampAnEmptyDirectoryWithItsMemberAndOpenItAgain()
    {
        final Path path = MemberDirectory.of(data, 1);
        MemberDirectory.open(path, "east", 1);
        assertTrue(Files.exists(path.resolve(MemberDirectory.IDENTITY)));
        assertEquals(path, MemberDirectory.open(path, "east", 1).path());
    }

    @Test
    void shouldRefuseAnotherMembersDirectory()
    {
        final Path path = MemberDirectory.of(data, 1);
        MemberDirectory.open(path, "east", 1);
        final MemberRefusedException refused =
            assertThrows(MemberRefusedException.class, () -> MemberDirectory.open(path, "east", 2));
        assertTrue(refused.getMessage().contains("belongs to member 1 of cluster 'east', not to member 2"),
            refused.getMessage());
    }

    @Test
    void shouldRefuseAnotherClustersDirectory()
    {
        final Path path = MemberDirectory.of(data, 0);
        MemberDirectory.open(path, "east", 0);
        final MemberRefusedException refused =
            assertThrows(MemberRefusedException.class, () -> MemberDirectory.open(path, "west", 0));
        assertTrue(refused.getMessage().contains("of cluster 'east', not to member 0 of cluster 'west'"),
            refused.getMessage());
    }

    @Test
    void shouldRefuseASingleNodesDataDirectoryAndLeaveItAsItWas() throws IOException
    {
        final Path path = MemberDirectory.of(data, 0);
        Files.createDirectories(path.resolve("journal"));
        final MemberRefusedException refused =
            assertThrows(MemberRefusedException.class, () -> MemberDirectory.open(path, "east", 0));
        assertTrue(refused.getMessage().contains("single node's data directory"), refused.getMessage());
        assertTrue(Files.notExists(path.resolve(MemberDirectory.IDENTITY)));
    }

    @Test
    void shouldRefuseADirectoryHoldingSomethingElse() throws IOException
    {
        final Path path = MemberDirectory.of(data, 0);
        Files.createDirectories(path);
        Files.writeString(path.resolve("notes.txt"), "mine");
        final MemberRefusedException refused =
            assertThrows(MemberRefusedException.class, () -> MemberDirectory.open(path, "east", 0));
        assertTrue(refused.getMessage().contains("is not empty and has no member.properties"), refused.getMessage());
    }

    @Test
    void shouldRefuseADamagedIdentity() throws IOException
    {
        final Path path = MemberDirectory.of(data, 0);
        MemberDirectory.open(path, "east", 0);
        Files.write(path.resolve(MemberDirectory.IDENTITY), "garbage\u0000\u0001".getBytes(StandardCharsets.UTF_8));
        final MemberRefusedException refused =
            assertThrows(MemberRefusedException.class, () -> MemberDirectory.open(path, "east", 0));
        assertTrue(refused.getMessage().contains("does not say which cluster and member it belongs to"),
            refused.getMessage());
    }
}
