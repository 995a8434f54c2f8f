package org.safemerge.hibernate.internal.graph;

import org.hibernate.persister.entity.EntityPersister;

/**
 * Where an attribute lives while the mapping is walked.
 *
 * @param entity the entity whose rows hold the attribute
 * @param declaring the topmost entity that has the attribute (names references)
 * @param physicalTable the concrete table of a TABLE_PER_CLASS entity (its own copy of inherited columns), else null
 * @param copy whether the attribute is inherited into such a copy
 */
record AttributeOwner(EntityPersister persister, String entity, String declaring, String physicalTable,
        boolean copy) {
}
