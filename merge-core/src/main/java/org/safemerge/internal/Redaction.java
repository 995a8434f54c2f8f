package org.safemerge.internal;

import java.util.Collections;
import java.util.List;
import org.safemerge.MergePlan;
import org.safemerge.Sensitive;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.ReferenceKind;
import org.safemerge.report.ChangeRows;
import org.safemerge.report.DeleteReferencingRows;
import org.safemerge.report.Hazard;
import org.safemerge.report.MoveLinks;
import org.safemerge.report.RemoveLinks;
import org.safemerge.report.RepointReferences;
import org.safemerge.report.ResolveConflict;
import org.safemerge.report.RowSelection;
import org.safemerge.report.SkipDuplicateLinks;
import org.safemerge.report.Step;
import org.safemerge.report.UnassignReferences;

/**
 * Row ids that are values: the rows of an element collection (and the entries of a map) are identified by their
 * element and key values, so where the collection attribute is sensitive ({@link Sensitive}, a sensitive part of
 * its embeddable, or named in the plan) its row ids are redacted in reports and audit events like its values.
 * Execution works with the planner's own steps; only what is shown is redacted.
 */
final class Redaction {
    private final MergePlan<?> plan;
    private final AssociationGraph graph;

    Redaction(MergePlan<?> plan) {
        this.plan = plan;
        this.graph = plan.executor().graph();
    }

    /** Whether the row ids of the reference with this key (or mapping name) are values of a sensitive attribute. */
    boolean sensitiveRows(String reference) {
        InboundReference ref = graph.reference(reference).orElseGet(() -> graph.references().stream()
                .filter(r -> r.isNamed(reference)).findFirst().orElse(null));
        if (ref == null || ref.kind() != ReferenceKind.ELEMENT_COLLECTION) {
            return false;
        }
        EntityType owner = graph.entity(ref.targetEntity()).orElse(null);
        if (owner == null) {
            return false;
        }
        boolean planned = graph.sameHierarchy(owner, plan.entity());
        for (EntityType type : graph.typeAndSupertypes(owner)) {
            for (EntityAttribute attribute : type.attributes()) {
                if (ref.key().equals(attribute.reference()) && (attribute.sensitive()
                        || planned && plan.sensitiveAttributes().contains(attribute.name()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code ids} as they may be shown for the reference. */
    List<Object> ids(String reference, List<Object> ids) {
        return ids == null || ids.isEmpty() || !sensitiveRows(reference) ? ids : redacted(ids);
    }

    /** One row id as it may be shown. */
    Object id(String reference, Object id) {
        return id == null || !sensitiveRows(reference) ? id : Sensitive.REDACTED;
    }

    /** The step as a report may show it. */
    Step step(Step step) {
        if (step instanceof ResolveConflict c) {
            return sensitiveRows(c.reference()) ? new ResolveConflict(c.reference(), c.table(), c.policy(),
                    id(c.reference(), c.survivorRowId()), id(c.reference(), c.duplicateRowId()), c.resolution())
                    : step;
        }
        if (step instanceof RepointReferences r && sensitiveRows(r.reference())) {
            return new RepointReferences(r.reference(), r.table(), r.from(), r.to(), selection(r.selection()),
                    r.expectedRows(), redacted(r.sampleRowIds()));
        }
        if (step instanceof UnassignReferences r && sensitiveRows(r.reference())) {
            return new UnassignReferences(r.reference(), r.table(), r.from(), selection(r.selection()),
                    r.expectedRows(), redacted(r.sampleRowIds()));
        }
        if (step instanceof DeleteReferencingRows r && sensitiveRows(r.reference())) {
            return new DeleteReferencingRows(r.reference(), r.table(), r.from(), selection(r.selection()),
                    r.expectedRows(), redacted(r.sampleRowIds()));
        }
        if (step instanceof MoveLinks r && sensitiveRows(r.reference())) {
            return new MoveLinks(r.reference(), r.table(), r.from(), r.to(), selection(r.selection()),
                    r.expectedRows(), redacted(r.sampleRowIds()));
        }
        if (step instanceof RemoveLinks r && sensitiveRows(r.reference())) {
            return new RemoveLinks(r.reference(), r.table(), r.from(), selection(r.selection()), r.expectedRows(),
                    redacted(r.sampleRowIds()));
        }
        if (step instanceof SkipDuplicateLinks r && sensitiveRows(r.reference())) {
            return new SkipDuplicateLinks(r.reference(), r.table(), r.from(), r.to(), selection(r.selection()),
                    r.expectedRows(), redacted(r.sampleRowIds()));
        }
        if (step instanceof ChangeRows r && sensitiveRows(r.reference())) {
            return new ChangeRows(r.reference(), r.table(), r.from(), selection(r.selection()), r.values(),
                    r.expectedRows(), redacted(r.sampleRowIds()));
        }
        return step;
    }

    /** The hazard as a report may show it. */
    Hazard hazard(Hazard h) {
        return h.sampleRowIds().isEmpty() || !sensitiveRows(h.subject()) ? h : new Hazard(h.kind(), h.blocking(),
                h.subject(), h.table(), h.rows(), redacted(h.sampleRowIds()), h.message(), h.options(), h.choices());
    }

    private static RowSelection selection(RowSelection selection) {
        return new RowSelection(selection.only() == null ? null : redacted(selection.only()),
                redacted(selection.except()));
    }

    private static List<Object> redacted(List<Object> ids) {
        return Collections.nCopies(ids.size(), Sensitive.REDACTED);
    }
}
