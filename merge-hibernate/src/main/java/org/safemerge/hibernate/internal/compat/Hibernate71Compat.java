package org.safemerge.hibernate.internal.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hibernate.annotations.OnDeleteAction;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate 7.1: the persister has no {@code forEachTableDetails} nor {@code getPropertyOnDeleteActions} yet (the
 * entity metamodel keeps the actions).
 */
class Hibernate71Compat extends Hibernate7Compat {
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
