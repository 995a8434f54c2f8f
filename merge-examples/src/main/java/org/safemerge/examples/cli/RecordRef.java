package org.safemerge.examples.cli;

import org.hibernate.SessionFactory;

/** A record named on the command line as {@code ENTITY:ID} ({@code Partner:30001}). */
record RecordRef(String entity, String id) {

    static RecordRef parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new SafeMergeCli.BadInput("'" + text + "' names no record: write ENTITY:ID, e.g. Partner:30001");
        }
        return new RecordRef(text.substring(0, colon).strip(), text.substring(colon + 1).strip());
    }

    /** Checks that the entity is one of the mapping's (with the closest names when it is not). */
    RecordRef checkedAgainst(SessionFactory factory) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        factory.getMetamodel().getEntities().forEach(e -> names.add(e.getName()));
        if (!names.contains(entity)) {
            java.util.List<String> closest = Suggestions.closest(entity, names);
            throw new SafeMergeCli.BadInput("unknown entity '" + entity + "'" + (closest.isEmpty()
                    ? "; entities: " + String.join(", ", names)
                    : "; did you mean: " + String.join(" or ", closest) + "?"));
        }
        return this;
    }

    @Override
    public String toString() {
        return entity + ":" + id;
    }
}
