package dev.tortoise.internal.mapping;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.RowMetadata;

/**
 * Turns one row of a result into one element (a model instance, a map, a list, an array or a
 * text line). Built once per result shape with its column positions and decoders precomputed, so
 * mapping a row looks nothing up; one mapper serves every query of its shape, on any thread.
 */
@FunctionalInterface
public interface RowMapper {
    /** The element for {@code row}; {@code metadata} describes the row's columns. */
    Object map(Readable row, RowMetadata metadata);
}
