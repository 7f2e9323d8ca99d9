/**
 * Internal (no compatibility promise). Rows to model instances and values: one {@link dev.tortoise.internal.mapping.RowMapper} per result shape,
 * its column positions and decoders precomputed, reading columns by index.
 */
package dev.tortoise.internal.mapping;
