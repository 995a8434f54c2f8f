package org.safemerge.graph;

/**
 * The ON DELETE rule of a database foreign key, as the JDBC catalog reports it. SafeMerge never relies on it: rows
 * are handled before a duplicate is deleted, so no rule fires. Immutable (an enum).
 */
public enum OnDeleteRule {
    /** Deleting a referenced row fails (checked at the end of the statement). */
    NO_ACTION,
    /** Deleting a referenced row fails (checked at once). */
    RESTRICT,
    /** Deleting a referenced row deletes the referencing rows: a hazard SafeMerge reports. */
    CASCADE,
    /** Deleting a referenced row sets the referencing columns to NULL. */
    SET_NULL,
    /** Deleting a referenced row sets the referencing columns to their default. */
    SET_DEFAULT,
    /** No FK constraint in the database, or the rule could not be read. */
    UNKNOWN
}
