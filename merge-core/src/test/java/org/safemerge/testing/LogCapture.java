package org.safemerge.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Keeps one logger's lines (and its children's) during each test instead of printing them, so a test that provokes a
 * failure asserts the line the library logs rather than leaving a stack trace in the build output. Register with
 * {@code @RegisterExtension final LogCapture log = LogCapture.of("org.safemerge");}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    /** One captured line: level, logger, formatted message, and the logged exception's class and message if any. */
    public record Line(Level level, String logger, String message, String exception) {

        /** The message followed by the exception, for "contains" assertions. */
        public String text() {
            return exception == null ? message : message + " | " + exception;
        }
    }

    private final String loggerName;
    private ListAppender<ILoggingEvent> appender;
    private boolean additive;

    private LogCapture(String loggerName) {
        this.loggerName = loggerName;
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    public static LogCapture of(Class<?> loggerClass) {
        return new LogCapture(loggerClass.getName());
    }

    /** Every line captured so far in the current test. */
    public List<Line> lines() {
        return appender.list.stream().map(LogCapture::line).toList();
    }

    /** The captured lines' texts at {@code level}. */
    public List<String> texts(Level level) {
        return lines().stream().filter(line -> line.level() == level).map(Line::text).toList();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger logger = logger();
        appender = new ListAppender<>();
        appender.setName("capture-" + loggerName);
        appender.start();
        logger.addAppender(appender);
        additive = logger.isAdditive();
        logger.setAdditive(false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger logger = logger();
        logger.detachAppender(appender);
        logger.setAdditive(additive);
        appender.stop();
    }

    private Logger logger() {
        return (Logger) LoggerFactory.getLogger(loggerName);
    }

    private static Line line(ILoggingEvent event) {
        String exception = event.getThrowableProxy() == null ? null
                : event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage();
        return new Line(Level.valueOf(event.getLevel().toString()), event.getLoggerName(), event.getFormattedMessage(),
                exception);
    }
}
