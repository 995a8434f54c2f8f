package org.safemerge.hibernate;

/** Entry point to SafeMerge for Hibernate ORM. */
public final class HibernateMerge {
    private HibernateMerge() {
    }
}
