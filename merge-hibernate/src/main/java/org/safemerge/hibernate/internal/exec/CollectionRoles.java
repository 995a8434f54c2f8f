package org.safemerge.hibernate.internal.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.persister.collection.CollectionPersister;
import org.safemerge.graph.InboundReference;

/**
 * The collection roles keyed by a set of columns of a table: the collections whose membership changes when rows of
 * that table change their FK (the owner side of a one-to-many or join table). Built once per store.
 */
final class CollectionRoles {
    private final Map<String, List<CollectionPersister>> rolesByKey = new HashMap<>();

    CollectionRoles(SessionFactoryImplementor factory) {
        factory.getMappingMetamodel().forEachCollectionDescriptor(role -> {
            ForeignKeyDescriptor key = role.getAttributeMapping().getKeyDescriptor();
            List<String> columns = new ArrayList<>();
            key.getKeyPart().forEachSelectable((i, selectable) -> columns.add(selectable.getSelectionExpression()));
            rolesByKey.computeIfAbsent(normalize(key.getKeyTable(), columns), k -> new ArrayList<>()).add(role);
        });
    }

    /** The roles whose key is {@code columns} of {@code table} (schema qualifiers and case ignored). */
    List<CollectionPersister> keyedBy(String table, List<String> columns) {
        return rolesByKey.getOrDefault(normalize(table, columns), List.of());
    }

    private static String normalize(String table, List<String> columns) {
        String bare = table.substring(table.lastIndexOf('.') + 1);
        return InboundReference.keyOf(bare, columns).toLowerCase(Locale.ROOT);
    }
}
