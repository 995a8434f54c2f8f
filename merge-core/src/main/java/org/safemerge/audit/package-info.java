/**
 * Audit events (tier: API): one typed event for every change a merge makes, plus its start and its end (committed
 * or rolled back), delivered to {@link org.safemerge.spi.AuditListener}s.
 * {@link org.safemerge.audit.Slf4jAuditListener} writes them to the logger {@code org.safemerge.audit}.
 */
package org.safemerge.audit;
