/**
 * The integrity scan (tier: internal): counts and samples, reference by reference, the rows whose key points at no
 * row of the target, with set-based anti-joins ({@code LEFT JOIN ... IS NULL}) per chunk of the referencing table's
 * key range, every identifier quoted in its stored spelling, every value bound. Public entry point:
 * {@code org.safemerge.hibernate.IntegrityScan}.
 */
package org.safemerge.hibernate.internal.scan;
