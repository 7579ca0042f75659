package dev.exengine.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A logger's records, every level, captured for a test (the audit log's: {@code new CapturedLog("exengine.audit")});
 * close it to take the handler off and the logger's level back.
 */
public final class CapturedLog extends Handler implements AutoCloseable
{
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger;
    private final Level levelBefore;

    public CapturedLog(final String loggerName)
    {
        logger = Logger.getLogger(loggerName);
        levelBefore = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** The records so far, oldest first. */
    public List<LogRecord> records()
    {
        return List.copyOf(records);
    }

    @Override
    public void publish(final LogRecord record)
    {
        records.add(record);
    }

    @Override
    public void flush()
    {
    }

    @Override
    public void close()
    {
        logger.removeHandler(this);
        logger.setLevel(levelBefore);
    }
}
