package dev.exengine.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The operating system's reason for a failed file or socket operation, in its own words ("Permission denied",
 * "Address already in use"): the JDK's exceptions for files carry the path as their message and the reason
 * apart, or only in their type.
 */
public final class OsReason
{
    private OsReason()
    {
    }

    public static String of(final IOException ex)
    {
        if (ex instanceof FileSystemException file && file.getReason() != null)
        {
            return file.getReason();
        }
        if (ex instanceof AccessDeniedException)
        {
            return "Permission denied";
        }
        if (ex instanceof NoSuchFileException)
        {
            return "No such file or directory";
        }
        if (ex instanceof NotDirectoryException)
        {
            return "Not a directory";
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            return "File exists";
        }
        return ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
    }
}
