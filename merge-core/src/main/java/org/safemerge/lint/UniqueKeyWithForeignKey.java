package org.safemerge.lint;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.graph.AssociationGraph;
import org.safemerge.graph.InboundReference;
import org.safemerge.graph.UniqueKey;

/** A unique key that contains an FK and other columns: re-pointing a duplicate's rows can break it. */
final class UniqueKeyWithForeignKey implements LintCheck {
    static final String ID = "unique-key-with-foreign-key";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a unique key containing an FK (merges meet conflicts)";
    }

    @Override
    public List<LintFinding> check(AssociationGraph graph) {
        List<LintFinding> findings = new ArrayList<>();
        for (InboundReference r : graph.references()) {
            for (UniqueKey key : graph.uniqueKeys(r)) {
                List<String> others = key.otherColumns(r.columns());
                String clash = others.isEmpty() ? "a row in the key's condition" : "a row with the same ("
                        + String.join(", ", others) + ")";
                findings.add(Associations.finding(this, r, key.describe() + " of " + r.table() + " contains the FK ("
                        + String.join(", ", r.columns()) + "): re-pointing a duplicate's rows to the survivor "
                        + "conflicts where the survivor already has " + clash + "; merges of " + r.targetEntity()
                        + " are blocked there until a resolution is chosen",
                        "choose how merges resolve it: AssociationPolicy.repoint().onConflict(...) for "
                                + r.displayName() + " (SKIP_DUPLICATE, KEEP_A, KEEP_B, mergeRows(), keepBoth(...)) "
                                + "and rehearse it with a dry run; suppress with the reason once chosen"));
            }
        }
        return findings;
    }
}
