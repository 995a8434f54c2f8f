/**
 * Test entities enhanced at build time by Hibernate's bytecode enhancer (lazy basic attributes, dirty tracking; see
 * merge-hibernate/pom.xml, which enhances this package only). Self-contained: they reference nothing outside it, so
 * the enhancer can load them alone. Use their accessors: enhancement intercepts field access inside these classes
 * only.
 */
package org.safemerge.hibernate.exec.enhanced;
