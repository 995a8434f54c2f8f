package org.safemerge.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger that keeps every line it receives, with its level, formatted message and SLF4J 2 key-value pairs,
 * so tests can assert what a log line really carries. Logs at INFO and above unless told otherwise. Not thread-safe.
 */
public final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;

    /** One captured line. */
    public record Line(Level level, String message, Map<String, Object> keyValues) {
    }

    private final transient List<Line> lines = new ArrayList<>();
    private Level threshold = Level.INFO;

    public CapturingLogger(String name) {
        this.name = name;
    }

    /** Only lines at {@code level} or more severe are enabled. */
    public CapturingLogger threshold(Level level) {
        this.threshold = level;
        return this;
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void log(LoggingEvent event) {
        Map<String, Object> keyValues = new LinkedHashMap<>();
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> keyValues.put(pair.key, pair.value));
        }
        lines.add(new Line(event.getLevel(), format(event.getMessage(), event.getArgumentArray()), keyValues));
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
            Throwable throwable) {
        lines.add(new Line(level, format(message, arguments), Map.of()));
    }

    private static String format(String message, Object[] arguments) {
        return MessageFormatter.basicArrayFormat(message, arguments);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }
}
