/**
 * SafeMerge for Hibernate ORM (tier: API): obtains merge plans for a Session or EntityManager.
 */
package org.safemerge.hibernate;
