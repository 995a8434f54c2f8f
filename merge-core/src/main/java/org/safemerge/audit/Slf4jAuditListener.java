package org.safemerge.audit;

import java.lang.reflect.RecordComponent;
import org.safemerge.MergeErrorCode;
import org.safemerge.MergeException;
import org.safemerge.spi.AuditEvent;
import org.safemerge.spi.AuditListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one line per audit event to the logger {@value #LOGGER_NAME} at INFO. The message itself says what
 * happened ({@code merge <id> re-pointed 3 rows of ws_task(event_id) from 11 to 10 [102, 103, 104]}, see
 * {@link AuditEvent#summary()}), so it reads in any layout, also the default ones that drop key-value pairs; every
 * field of the event is attached as an SLF4J 2 key-value pair as well, with all row ids (JSON encoders get fields).
 * Route that logger wherever post-mortems will look for it. Stateless and thread-safe.
 */
public final class Slf4jAuditListener implements AuditListener {
    /** The logger name: route it to your audit appender. */
    public static final String LOGGER_NAME = "org.safemerge.audit";

    private final Logger log;

    public Slf4jAuditListener() {
        this(LoggerFactory.getLogger(LOGGER_NAME));
    }

    /** Logs to the given logger instead (tests, or a name of your own). */
    public Slf4jAuditListener(Logger logger) {
        if (logger == null) {
            throw new MergeException(MergeErrorCode.INVALID_ARGUMENT, "Slf4jAuditListener(logger): logger must not "
                    + "be null; use new Slf4jAuditListener() for the logger " + LOGGER_NAME);
        }
        this.log = logger;
    }

    @Override
    public void onEvent(AuditEvent event) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String name = event.getClass().getSimpleName();
        LoggingEventBuilder line = log.atInfo().setMessage("merge {} {}").addArgument(event.mergeId())
                .addArgument(event.summary()).addKeyValue("event", name);
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            line = line.addKeyValue(component.getName(), value(event, component));
        }
        line.log();
    }

    private static Object value(AuditEvent event, RecordComponent component) {
        try {
            return component.getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }
}
