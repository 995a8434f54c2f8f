/**
 * ArchUnit rules over entity classes (tier: API): {@link org.safemerge.hibernate.archunit.SafeMergeRules}. Needs
 * {@code com.tngtech.archunit:archunit} on the test classpath, an optional dependency of merge-hibernate that no
 * other package loads.
 */
package org.safemerge.hibernate.archunit;
