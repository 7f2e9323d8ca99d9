/** Relations: joins for lookups across relations, select_related slices, prefetch and the relation accessors. */
package dev.tortoise.relation;
