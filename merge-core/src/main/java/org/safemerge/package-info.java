/**
 * SafeMerge public API (tier: API). Start at {@link org.safemerge.MergePlan}: describe a merge of duplicate records
 * into a survivor, look at its dry run, then
 * execute it. Everything here is a stable contract.
 */
package org.safemerge;
