package org.safemerge.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.safemerge.report.MergeReport;

/**
 * Prints a report as text or as JSON (header fields plus the redacted sections); either way a blocked plan's options
 * are shown as this CLI's flags.
 */
final class ReportPrinter {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private ReportPrinter() {
    }

    static void print(MergeReport report, boolean json, PrintStream out) {
        if (!json) {
            out.print(HazardFlags.text(report));
            return;
        }
        out.println(json(report));
    }

    static Map<String, Object> model(MergeReport report) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("mergeId", report.mergeId());
        model.put("mode", report.mode());
        model.put("entity", report.entity());
        model.put("survivorId", report.survivorId());
        model.put("duplicateIds", report.duplicateIds());
        model.put("blocked", report.blocked());
        model.put("expectedRows", report.expectedRowsTotal());
        model.put("fingerprint", report.fingerprint());
        model.put("blockingHazards", HazardFlags.blocking(report));
        model.put("sections", report.sections());
        return model;
    }

    /** JSON text (e.g. a journal trail's) re-printed indented, like the CLI's other JSON. */
    static String pretty(String json) {
        try {
            return JSON.writeValueAsString(JSON.readTree(json)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not render JSON: " + e.getMessage(), e);
        }
    }

    static String json(Object model) {
        try {
            return JSON.writeValueAsString(model instanceof MergeReport report ? model(report) : model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not render JSON: " + e.getMessage(), e);
        }
    }
}
