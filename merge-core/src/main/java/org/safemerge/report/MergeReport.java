package org.safemerge.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.safemerge.Sensitive;

/**
 * What a merge does (dry run) or did (rehearsal, execution): its steps in order, its hazards, and a fingerprint of
 * the data it was planned from and of the steps planned. Immutable and thread-safe; it never holds a sensitive
 * value ({@link SetAttribute} steps are redacted).
 *
 * <p>For logs and terminals use {@link #toText()}; for JSON and UIs use {@link #sections()} (records of strings,
 * numbers and ids, with each step's {@code kind}). The record itself serializes as well, given the JSON library's
 * java.time support for {@code createdAt}; its steps carry no kind field there.
 *
 * @param mergeId the merge's id (also in every audit event and log line)
 * @param mode what produced the report
 * @param entity the entity name
 * @param survivorId the survivor's id
 * @param duplicateIds the duplicates' ids, in the order given
 * @param steps the steps, in execution order ({@link SetAttribute#redacted() redacted})
 * @param hazards blocking hazards and warnings
 * @param actualRows for a rehearsal or execution: the rows each step changed (same order as {@code steps});
 *                   empty for a dry run
 * @param fingerprint a digest of the data the plan was made from and of its steps; {@code execute(report)}
 *                    refuses with {@code PLAN_STALE} if it changed
 * @param createdAt when the report was made
 * @param rowDigests per step (same order as {@code steps}), a digest of the ids of all rows the step selects from
 *                   (the rows of its reference pointing at its {@code from} record), computed in the database when
 *                   the plan was made; "" for steps without rows of a reference, or where the store computes none.
 *                   {@code execute(report)} recomputes them and refuses with {@code PLAN_STALE}, naming the step,
 *                   when one differs. Empty when not known (a report made without them)
 * @param auditFailures for an execution that committed: what audit listeners threw on its final
 *                      {@code MergeCommitted} event (each also logged at ERROR). The merge committed all the same: a
 *                      listener failing after the commit cannot undo it, so it is reported here instead of thrown.
 *                      Empty otherwise (and always empty in a caller's transaction, whose commit comes later).
 * @param notices what makes this merge slow, never what makes it unsafe: never blocking, kept apart from
 *                {@code hazards} (e.g. {@link HazardKind#UNINDEXED_REFERENCE}: a reference the merge touches has no
 *                index on its FK, so the merge scans that table). Empty when there is nothing to say
 */
public record MergeReport(String mergeId, ReportMode mode, String entity, Object survivorId,
        List<Object> duplicateIds, List<Step> steps, List<Hazard> hazards, List<Long> actualRows, String fingerprint,
        Instant createdAt, List<String> rowDigests, List<String> auditFailures, List<Hazard> notices) {

    public MergeReport {
        Objects.requireNonNull(mergeId, "mergeId");
        Objects.requireNonNull(mode, "mode");
        duplicateIds = List.copyOf(duplicateIds);
        // A report may be logged, serialized or shown: it never holds a sensitive value.
        steps = steps.stream().map(s -> s.accept(REDACTION)).toList();
        hazards = List.copyOf(hazards);
        actualRows = List.copyOf(actualRows);
        auditFailures = auditFailures == null ? List.of() : List.copyOf(auditFailures);
        notices = notices == null ? List.of() : List.copyOf(notices);
        if (notices.stream().anyMatch(Hazard::blocking)) {
            throw new IllegalArgumentException("notices never block: " + notices);
        }
        if (!actualRows.isEmpty() && actualRows.size() != steps.size()) {
            throw new IllegalArgumentException("actualRows must have one entry per step");
        }
        rowDigests = rowDigests == null ? List.of() : List.copyOf(rowDigests);
        if (!rowDigests.isEmpty() && rowDigests.size() != steps.size()) {
            throw new IllegalArgumentException("rowDigests must have one entry per step");
        }
    }

    /** A report without row digests (as made before they existed) and without audit failures. */
    public MergeReport(String mergeId, ReportMode mode, String entity, Object survivorId, List<Object> duplicateIds,
            List<Step> steps, List<Hazard> hazards, List<Long> actualRows, String fingerprint, Instant createdAt) {
        this(mergeId, mode, entity, survivorId, duplicateIds, steps, hazards, actualRows, fingerprint, createdAt,
                List.of(), List.of());
    }

    /** A report with row digests, without audit failures. */
    public MergeReport(String mergeId, ReportMode mode, String entity, Object survivorId, List<Object> duplicateIds,
            List<Step> steps, List<Hazard> hazards, List<Long> actualRows, String fingerprint, Instant createdAt,
            List<String> rowDigests) {
        this(mergeId, mode, entity, survivorId, duplicateIds, steps, hazards, actualRows, fingerprint, createdAt,
                rowDigests, List.of(), List.of());
    }

    /** A report with row digests and audit failures, without notices (as made before they existed). */
    public MergeReport(String mergeId, ReportMode mode, String entity, Object survivorId, List<Object> duplicateIds,
            List<Step> steps, List<Hazard> hazards, List<Long> actualRows, String fingerprint, Instant createdAt,
            List<String> rowDigests, List<String> auditFailures) {
        this(mergeId, mode, entity, survivorId, duplicateIds, steps, hazards, actualRows, fingerprint, createdAt,
                rowDigests, auditFailures, List.of());
    }

    /** This report with {@code failures} as its {@link #auditFailures()}. */
    public MergeReport withAuditFailures(List<String> failures) {
        return new MergeReport(mergeId, mode, entity, survivorId, duplicateIds, steps, hazards, actualRows,
                fingerprint, createdAt, rowDigests, failures, notices);
    }

    /**
     * Whether a blocking hazard stands: {@code execute()} would refuse with {@code PLAN_BLOCKED} ({@code
     * MERGE_VETOED} for a merge guard's veto).
     */
    public boolean blocked() {
        return hazards.stream().anyMatch(Hazard::blocking);
    }

    /** The hazards that block {@code execute()}. */
    public List<Hazard> blockingHazards() {
        return hazards.stream().filter(Hazard::blocking).toList();
    }

    /** Rows the plan expects to change, over all steps. */
    public long expectedRowsTotal() {
        return steps.stream().mapToLong(Step::expectedRows).sum();
    }

    /** The steps of a kind, e.g. {@code stepsOf(RepointReferences.class)}. */
    public <S extends Step> List<S> stepsOf(Class<S> kind) {
        return steps.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** Steps and hazards grouped by association or attribute, in plan order; redacted; ready for JSON. */
    public List<ReportSection> sections() {
        Map<String, List<ReportEntry>> entries = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String subject = step.accept(sectionOf(entity));
            entries.computeIfAbsent(subject, k -> new ArrayList<>()).add(new ReportEntry(step.kind(),
                    describe(step), step.expectedRows(), actualRows.isEmpty() ? null : actualRows.get(i),
                    step.sampleRowIds()));
            totals.merge(subject, step.expectedRows(), Long::sum);
        }
        Map<String, List<Hazard>> hazardsBySubject = new LinkedHashMap<>();
        for (Hazard hazard : hazards) {
            hazardsBySubject.computeIfAbsent(hazard.subject(), k -> new ArrayList<>()).add(hazard);
            entries.computeIfAbsent(hazard.subject(), k -> new ArrayList<>());
        }
        List<ReportSection> sections = new ArrayList<>();
        entries.forEach((subject, list) -> sections.add(new ReportSection(subject, totals.getOrDefault(subject, 0L),
                list, hazardsBySubject.getOrDefault(subject, List.of()))));
        return sections;
    }

    /** A plain-text rendering for logs and terminals. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(switch (mode) {
            case DRY_RUN -> "Dry run";
            case REHEARSAL -> "Rehearsal (rolled back)";
            case EXECUTED -> "Execution";
        });
        out.append(" of merge ").append(mergeId).append(": ").append(entity).append(' ').append(duplicateIds)
                .append(" -> ").append(survivorId).append('\n');
        if (blocked()) {
            out.append("BLOCKED: ").append(blockingHazards().size())
                    .append(" hazard(s) must be resolved before execute()\n");
        }
        for (ReportSection section : sections()) {
            out.append("\n  ").append(section.subject());
            if (section.totalRows() > 0) {
                out.append(" (").append(section.totalRows()).append(section.totalRows() == 1 ? " row" : " rows")
                        .append(')');
            }
            out.append('\n');
            for (ReportEntry entry : section.steps()) {
                out.append("    - ").append(entry.description());
                if (entry.actualRows() != null && entry.actualRows() != entry.expectedRows()) {
                    out.append(" [actual: ").append(entry.actualRows()).append(']');
                }
                out.append('\n');
            }
            for (Hazard hazard : section.hazards()) {
                out.append("    ").append(hazard.blocking() ? "! BLOCKED " : "~ note ").append(hazard.kind())
                        .append(": ").append(hazard.message()).append('\n');
                for (String option : hazard.options()) {
                    out.append("        option: ").append(option).append('\n');
                }
            }
        }
        if (steps.isEmpty() && hazards.isEmpty()) {
            out.append("  nothing to do\n");
        }
        for (Hazard notice : notices) {
            out.append("  ~ notice ").append(notice.kind()).append(": ").append(notice.message()).append('\n');
        }
        for (String failure : auditFailures) {
            out.append("WARNING (committed all the same): ").append(failure).append('\n');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /** One step in words, with sensitive values redacted. */
    public static String describe(Step step) {
        return step.accept(DESCRIPTION);
    }

    /**
     * The section of a step: its subject; an attribute of another entity than the merged one (a row merged inside
     * the merge) as {@code Entity.attribute}, so it does not mix with the merged entity's own.
     */
    private static StepFamilyVisitor<String> sectionOf(String entity) {
        return StepFamilyVisitor.of(set -> set.entity().equals(entity) ? set.subject()
                : set.entity() + "." + set.attribute(), Step::subject, Step::subject, Step::subject);
    }

    /** Each step as a report may hold it: {@link SetAttribute#redacted() redacted}. */
    private static final StepFamilyVisitor<Step> REDACTION = StepFamilyVisitor.of(SetAttribute::redacted,
            conflict -> conflict, row -> row, record -> record);

    private static final StepVisitor<String> DESCRIPTION = new StepVisitor<>() {
        @Override
        public String setAttribute(SetAttribute s) {
            return "set " + s.attribute() + " = " + shown(s.after(), s.sensitive()) + " (was "
                    + shown(s.before(), s.sensitive()) + ", " + s.strategy() + ")";
        }

        @Override
        public String repointReferences(RepointReferences r) {
            return "re-point " + rows(r) + " of " + r.table() + " from " + r.from() + " to " + r.to() + ids(r);
        }

        @Override
        public String unassignReferences(UnassignReferences r) {
            return "unassign (set NULL) " + rows(r) + " of " + r.table() + " pointing at " + r.from() + ids(r);
        }

        @Override
        public String deleteReferencingRows(DeleteReferencingRows r) {
            return "DELETE " + rows(r) + " of " + r.table() + " pointing at " + r.from()
                    + " (allowed for this association)" + ids(r);
        }

        @Override
        public String moveLinks(MoveLinks r) {
            return "move " + links(r) + " in " + r.table() + " from " + r.from() + " to " + r.to() + ids(r);
        }

        @Override
        public String removeLinks(RemoveLinks r) {
            return "remove " + links(r) + " of " + r.from() + " from " + r.table() + " (linked rows untouched)"
                    + ids(r);
        }

        @Override
        public String skipDuplicateLinks(SkipDuplicateLinks r) {
            return "skip " + links(r) + " of " + r.from() + " that " + r.to() + " already has (removed from "
                    + r.table() + ")" + ids(r);
        }

        @Override
        public String changeRows(ChangeRows r) {
            return "change " + rows(r) + " of " + r.table() + " pointing at " + r.from() + ": set "
                    + r.values().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", ")) + ids(r);
        }

        @Override
        public String resolveConflict(ResolveConflict c) {
            return "conflict " + c.policy() + ": " + c.resolution();
        }

        @Override
        public String bumpVersion(BumpVersion b) {
            return "bump " + b.versionAttribute() + " of " + b.entity() + " " + b.id();
        }

        @Override
        public String deleteDuplicate(DeleteDuplicate d) {
            return (d.soft() ? "soft-delete " : "delete ") + "duplicate " + d.entity() + " " + d.id();
        }

        @Override
        public String keepDuplicate(KeepDuplicate k) {
            return "keep duplicate " + k.entity() + " " + k.id() + " as a tombstone merged into " + k.survivorId();
        }
    };

    private static String shown(Object value, boolean sensitive) {
        return sensitive ? Sensitive.REDACTED : String.valueOf(value);
    }

    private static String rows(RowStep step) {
        return step.expectedRows() + (step.expectedRows() == 1 ? " row" : " rows");
    }

    private static String links(RowStep step) {
        return step.expectedRows() + (step.expectedRows() == 1 ? " link" : " links");
    }

    private static String ids(RowStep step) {
        if (step.sampleRowIds().isEmpty()) {
            return "";
        }
        boolean partial = step.sampleRowIds().size() < step.expectedRows();
        return " " + step.sampleRowIds() + (partial ? "..." : "");
    }
}
