package io.slaplatform.runtime.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;

/** Keeps what a logger category logs while installed, for assertions on what reaches the logs. */
final class LogCapture extends Handler implements AutoCloseable {

    /** One log message as it would be written. */
    record Line(Level level, String message) {
    }

    private static final PatternFormatter MESSAGE = new PatternFormatter("%s");

    private final Logger logger;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture(String category) {
        this.logger = Logger.getLogger(category);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    static LogCapture of(String category) {
        return new LogCapture(category);
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<Line> at(Level level) {
        return lines.stream().filter(l -> l.level().equals(level)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        String message = MESSAGE.format(record);
        if (record.getThrown() != null) {
            message += " " + record.getThrown();
        }
        lines.add(new Line(record.getLevel(), message));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
