/** Internal (no compatibility promise): joins across relations, holder queries, M2M writes and prefetch. */
package dev.tortoise.internal.relation;
