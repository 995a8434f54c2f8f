package org.safemerge.examples.spring;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.safemerge.FieldStrategy;
import org.safemerge.MergePlan;
import org.safemerge.hibernate.HibernateMerge;
import org.safemerge.report.MergeReport;
import org.safemerge.spi.AuditListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges duplicate customers through the EntityManager Spring injects, in Spring's transactions: the merge commits
 * with the transaction, and a rollback of the transaction (a later failure, an exception thrown out of the method)
 * undoes it; the audit listeners are told which of the two happened.
 */
@Service
public class CustomerMergeService {
    @PersistenceContext
    private EntityManager entityManager;

    private final CustomerRepository customers;
    private final List<AuditListener> auditListeners;

    public CustomerMergeService(CustomerRepository customers, List<AuditListener> auditListeners) {
        this.customers = customers;
        this.auditListeners = auditListeners;
    }

    /** What merging {@code duplicateId} into {@code survivorId} would do; nothing is written. */
    @Transactional(readOnly = true)
    public MergeReport preview(long survivorId, long duplicateId) {
        return plan(survivorId, duplicateId).dryRun();
    }

    /**
     * Merges, provided the data still is what the preview with this fingerprint showed ({@code PLAN_STALE}
     * otherwise, and nothing changes).
     */
    @Transactional
    public MergeReport merge(long survivorId, long duplicateId, String previewFingerprint) {
        return plan(survivorId, duplicateId).expecting(previewFingerprint).execute();
    }

    /** Merges, then renames the survivor, which was loaded before the merge: one transaction. */
    @Transactional
    public Customer mergeAndRename(long survivorId, long duplicateId, String newName) {
        Customer survivor = customers.findById(survivorId).orElseThrow();
        plan(survivorId, duplicateId).execute();
        survivor.setName(newName);
        return customers.save(survivor);
    }

    private MergePlan<Customer> plan(long survivorId, long duplicateId) {
        return HibernateMerge.of(entityManager).plan(Customer.class)
                .survivor(survivorId)
                .duplicates(duplicateId)
                .field("email", FieldStrategy.firstNonNull())
                .field("tags", FieldStrategy.union())
                .audit(auditListeners.toArray(AuditListener[]::new))
                .build();
    }
}
