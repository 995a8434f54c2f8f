/**
 * Implementation of merge-core (tier: internal): request validation, the planner, the runner and the auditor.
 * Not a public contract; may change in any release.
 */
package org.safemerge.internal;
