package org.safemerge.hibernate.internal.compat;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractEvent;
import org.hibernate.event.spi.EventSource;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate 7.1: the persister has no {@code forEachTableDetails} nor {@code getPropertyOnDeleteActions} yet (the
 * entity metamodel keeps the actions), an event's session has the older signature, and a forced version increment
 * by {@code lock} counts twice.
 */
class Hibernate71Compat extends Hibernate7Compat {
    /**
     * {@code AbstractEvent.getSession()} returns {@code EventSource} up to 7.1 and a
     * {@code SharedSessionContractImplementor} from 7.2 on: a call compiled against 7.2+ does not link on 7.1, so
     * it is looked up (once) with the older signature.
     */
    private static final MethodHandle EVENT_SESSION = eventSession();

    private static MethodHandle eventSession() {
        try {
            return MethodHandles.publicLookup().findVirtual(AbstractEvent.class, "getSession",
                    MethodType.methodType(EventSource.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("AbstractEvent.getSession() returning EventSource not found", e);
        }
    }

    /**
     * Up to 7.1, {@code lock(entity, PESSIMISTIC_FORCE_INCREMENT)} increments a managed entity's version twice (now
     * and again at the next flush): the one increment is done here directly.
     */
    @Override
    @SuppressWarnings("deprecation")
    public void forceVersionIncrement(Session session, Object entity) {
        SessionImplementor source = session.unwrap(SessionImplementor.class);
        EntityEntry entry = source.getPersistenceContextInternal().getEntry(entity);
        EntityPersister persister = entry.getPersister();
        Object next = persister.forceVersionIncrement(entry.getId(), entry.getVersion(), source);
        Object[] state = entry.getLoadedState().clone();
        state[persister.getEntityMetamodel().getVersionPropertyIndex()] = next;
        // postUpdate, not forceLocked: an entry locked FORCE gets one more increment at the next flush
        entry.postUpdate(entity, state, next);
    }

    @Override
    public SharedSessionContractImplementor session(AbstractEvent event) {
        try {
            return (EventSource) EVENT_SESSION.invoke(event);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String generation() {
        return "7.1";
    }

    @Override
    public OnDeleteAction[] propertyOnDeleteActions(EntityPersister persister) {
        return onDeleteActionsOfMetamodel(persister);
    }

    /** Where 6.6 and 7.1 keep the actions. */
    @SuppressWarnings("deprecation")
    static OnDeleteAction[] onDeleteActionsOfMetamodel(EntityPersister persister) {
        return persister.getEntityMetamodel().getPropertyOnDeleteActions();
    }

    @Override
    public List<MappedTable> tables(EntityPersister persister) {
        return tablesBySpan(persister);
    }

    /** The tables by their position ({@code getTableSpan}), as 7.0 and 7.1 declare them on the persister. */
    static List<MappedTable> tablesBySpan(EntityPersister persister) {
        String identifierTable = persister.getIdentifierTableDetails().getTableName();
        List<MappedTable> tables = new ArrayList<>();
        for (int i = 0; i < persister.getTableSpan(); i++) {
            String name = persister.getTableName(i);
            tables.add(new MappedTable(name, Arrays.asList(persister.getKeyColumns(i)), name.equals(identifierTable)));
        }
        return tables;
    }
}
