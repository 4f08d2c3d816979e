package io.slaplatform.intake;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log record of the application at or above a level, formatted, while it is open (on the root logger,
 * before any handler's filter, such as the console's e-mail masking, has touched it).
 */
final class CapturedLogs implements AutoCloseable {

    /** One record: its level, logger and formatted message (with the exception, if any). */
    record Line(Level level, String logger, String text) {
        @Override
        public String toString() {
            return level + " " + logger + " " + text;
        }
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler handler;

    private CapturedLogs(Level threshold) {
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= threshold.intValue()) {
                    String text = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                    if (record.getThrown() != null) {
                        text += " " + record.getThrown();
                    }
                    lines.add(new Line(record.getLevel(), record.getLoggerName(), text));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** Starts capturing records at {@code threshold} and above. */
    static CapturedLogs atOrAbove(Level threshold) {
        return new CapturedLogs(threshold);
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        root.removeHandler(handler);
    }
}
