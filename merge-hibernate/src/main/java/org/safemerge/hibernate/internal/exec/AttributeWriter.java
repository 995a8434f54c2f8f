package org.safemerge.hibernate.internal.exec;

import java.util.List;
import java.util.Objects;
import org.hibernate.bytecode.enhance.spi.interceptor.BytecodeLazyAttributeInterceptor;
import org.hibernate.engine.spi.PersistentAttributeInterceptable;
import org.hibernate.engine.spi.SelfDirtinessTracker;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.safemerge.graph.AttributeKind;
import org.safemerge.graph.EntityAttribute;
import org.safemerge.graph.EntityType;
import org.safemerge.hibernate.internal.compat.HibernateSupport;
import org.safemerge.report.BumpVersion;
import org.safemerge.report.SetAttribute;

/**
 * Writes the survivor's attributes through its entity (so dirty tracking, also bytecode-enhanced, and entity
 * listeners see it), flushed once for consecutive attribute steps, and bumps its version.
 */
final class AttributeWriter {
    private final StoreContext context;
    private final Records records;
    /** Attribute steps written to the survivor but not flushed yet (the next other step or the end flushes). */
    private boolean pending;

    AttributeWriter(StoreContext context, Records records) {
        this.context = context;
        this.records = records;
    }

    long set(SetAttribute step) {
        Object survivor = records.entity(step.entity(), step.id());
        EntityPersister persister = context.concretePersister(survivor);
        AttributeMapping attribute = persister.findAttributeMapping(step.attribute());
        EntityAttribute model = context.entityType(step.entity()).attribute(step.attribute()).orElseThrow();
        Object value = step.after();
        if (model.kind() == AttributeKind.TO_ONE && value != null) {
            EntityType target = context.graph.entity(model.targetEntity()).orElseThrow();
            value = context.session.getReference(context.persister(target).getMappedClass(), value);
        } else if (model.kind() == AttributeKind.EMBEDDED && value != null) {
            // B's embeddable instance must not be shared with A: copy it.
            value = persister.getPropertyType(step.attribute()).deepCopy(value, context.factory);
        }
        attribute.getPropertyAccess().getSetter().set(survivor, value);
        enhancedWrite(survivor, step.attribute());
        pending = true;
        return 1;
    }

    /** One flush for consecutive attribute steps: one UPDATE per survivor, one version increment. */
    void flush() {
        if (pending) {
            context.session.flush();
            pending = false;
        }
    }

    long bumpVersion(BumpVersion step) {
        Object survivor = records.entity(step.entity(), step.id());
        context.session.flush();
        EntityPersister persister = context.concretePersister(survivor);
        // Writing an attribute already incremented the version at flush; bump only if nothing else did.
        if (Objects.equals(persister.getVersion(survivor), records.versionAtLock(step.entity(), step.id()))) {
            HibernateSupport.compat().forceVersionIncrement(context.session, survivor);
        }
        return 1;
    }

    /**
     * The version bumps of a batch chunk's survivors: one flush for all (each flush dirty-checks every entity the
     * chunk loaded, so one per survivor makes a chunk quadratic), then each survivor that no write bumped already
     * gets its increment.
     */
    long[] bumpVersions(List<BumpVersion> steps) {
        context.session.flush();
        long[] bumped = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            BumpVersion step = steps.get(i);
            Object survivor = records.entity(step.entity(), step.id());
            EntityPersister persister = context.concretePersister(survivor);
            if (Objects.equals(persister.getVersion(survivor), records.versionAtLock(step.entity(), step.id()))) {
                HibernateSupport.compat().forceVersionIncrement(context.session, survivor);
            }
            bumped[i] = 1;
        }
        return bumped;
    }

    /**
     * A bytecode-enhanced entity is dirty-checked by its own tracker, which a setter of the persister does not
     * notify: record the change there (else the flush writes nothing and the change is silently lost), and mark a
     * lazy attribute as loaded so that it is not fetched over the new value.
     */
    private static void enhancedWrite(Object entity, String attribute) {
        if (entity instanceof SelfDirtinessTracker tracker) {
            tracker.$$_hibernate_trackChange(attribute);
        }
        if (entity instanceof PersistentAttributeInterceptable interceptable
                && interceptable.$$_hibernate_getInterceptor() instanceof BytecodeLazyAttributeInterceptor lazy) {
            lazy.attributeInitialized(attribute);
        }
    }
}
