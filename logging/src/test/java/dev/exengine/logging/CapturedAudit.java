package dev.exengine.logging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The audit logger's records, captured for a test: close it to take the handler off again. */
final class CapturedAudit extends Handler implements AutoCloseable
{
    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(AuditLog.LOGGER_NAME);
    private final Level levelBefore = logger.getLevel();

    CapturedAudit()
    {
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    List<AuditRecord> events(final String event)
    {
        return records.stream().map(AuditRecord.class::cast).filter(record -> record.event().equals(event)).toList();
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
