package org.safemerge.internal;

import java.util.List;
import org.safemerge.report.Hazard;
import org.safemerge.report.Step;
import org.safemerge.spi.EntitySnapshot;

/**
 * What the planner decided: the records as read, the steps in order, the hazards, and the data's fingerprint.
 *
 * @param survivor the survivor as read
 * @param duplicates the duplicates as read, in request order
 * @param steps the steps, in execution order
 * @param hazards blocking hazards and warnings
 * @param fingerprint digest of the data the plan was made from
 */
public record PlannedMerge(EntitySnapshot survivor, List<EntitySnapshot> duplicates, List<Step> steps,
        List<Hazard> hazards, String fingerprint) {
    public PlannedMerge {
        duplicates = List.copyOf(duplicates);
        steps = List.copyOf(steps);
        hazards = List.copyOf(hazards);
    }

    /** The same plan with one more hazard. */
    PlannedMerge withHazard(Hazard hazard) {
        List<Hazard> more = new java.util.ArrayList<>(hazards);
        more.add(hazard);
        return new PlannedMerge(survivor, duplicates, steps, more, fingerprint);
    }

    public boolean blocked() {
        return hazards.stream().anyMatch(Hazard::blocking);
    }
}
