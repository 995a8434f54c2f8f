package org.safemerge.graph;

/** The ON DELETE rule of a database foreign key, as the JDBC catalog reports it. */
public enum OnDeleteRule {
    NO_ACTION,
    RESTRICT,
    CASCADE,
    SET_NULL,
    SET_DEFAULT,
    /** No FK constraint in the database, or the rule could not be read. */
    UNKNOWN
}
