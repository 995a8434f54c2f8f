package org.safemerge.hibernate.internal.compat;

import jakarta.persistence.CacheRetrieveMode;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.hibernate.CacheMode;
import org.hibernate.Session;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.mapping.ForeignKey;
import org.hibernate.mapping.Table;
import org.hibernate.metamodel.model.domain.EntityDomainType;
import org.hibernate.metamodel.model.domain.JpaMetamodel;
import org.hibernate.persister.collection.AbstractCollectionPersister;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate 6.6 (Jakarta Persistence 3.1): no {@code FindOption}s, no {@code Timeout}, and several methods declared
 * on the implementation classes rather than the persister interfaces. Only calls that exist in 6.6 with the same
 * binary signature as in 7.x are made here.
 */
final class Hibernate66Compat extends Hibernate70Compat {
    /** The JPA 3.1 property that {@code CacheRetrieveMode.BYPASS} as a find option replaced. */
    private static final String RETRIEVE_MODE = "jakarta.persistence.cache.retrieveMode";

    @Override
    public String generation() {
        return "6.6";
    }

    @Override
    public String jpaEntityName(EntityPersister persister) {
        ManagedType<?> type = findEntityType(jpaMetamodel(persister.getFactory()), persister.getEntityName());
        return type instanceof EntityType<?> entity ? entity.getName() : persister.getEntityName();
    }

    @Override
    public String tableName(CollectionPersister persister) {
        return ((AbstractCollectionPersister) persister).getTableName();
    }

    @Override
    public ManagedType<?> findEntityType(JpaMetamodel metamodel, String entityName) {
        for (EntityType<?> type : metamodel.getEntities()) {
            if (type instanceof EntityDomainType<?> domain && entityName.equals(domain.getHibernateEntityName())) {
                return type;
            }
        }
        return null;
    }

    @Override
    public OnDeleteAction[] propertyOnDeleteActions(EntityPersister persister) {
        return onDeleteActionsOfMetamodel(persister);
    }

    @Override
    public List<MappedTable> tables(EntityPersister persister) {
        AbstractEntityPersister entity = (AbstractEntityPersister) persister;
        String identifierTable = persister.getIdentifierTableDetails().getTableName();
        List<MappedTable> tables = new ArrayList<>();
        for (int i = 0; i < entity.getTableSpan(); i++) {
            String name = entity.getTableName(i);
            tables.add(new MappedTable(name, Arrays.asList(entity.getKeyColumns(i)), name.equals(identifierTable)));
        }
        return tables;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Collection<ForeignKey> foreignKeys(Table table) {
        return table.getForeignKeys().values();
    }

    @Override
    public EventListenerRegistry eventListeners(SessionFactoryImplementor factory) {
        return factory.getServiceRegistry().getService(EventListenerRegistry.class);
    }

    @Override
    @SuppressWarnings("deprecation")
    public List<?> findBypassingCache(Session session, Class<?> entityClass, List<?> ids) {
        if (ids.size() == 1) {
            return Collections.singletonList(session.find(entityClass, ids.get(0),
                    Map.of(RETRIEVE_MODE, CacheRetrieveMode.BYPASS)));
        }
        // PUT: read from the database, still store what was read (the default store mode of a find)
        return session.byMultipleIds(entityClass).with(CacheMode.PUT).multiLoad(ids);
    }
}
