package dev.tortoise.internal.execution;

import dev.tortoise.internal.mapping.RowMapper;
import dev.tortoise.sql.dialect.Dialect;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;

/**
 * A result's rows read through the dialect's {@link Dialect#driverClass} and {@link Dialect#readValue},
 * for a driver lacking a codec the ORM relies on. Used only where the dialect
 * {@link Dialect#convertsValues() converts values}.
 */
final class ConvertingResult {
    private ConvertingResult() {
    }

    /**
     * {@code result}'s rows, each read through {@code dialect}'s conversions and mapped with {@code mapper},
     * or {@link SettlingRows#SKIPPED} once {@code settling} (null: never) has seen its subscriber cancel.
     *
     * <p>One converting view per call, pointed at each row in turn rather than made per row: a row is valid
     * only while the mapping function runs (R2DBC), and a result's rows reach it one at a time, so the view
     * never outlives or overlaps its row (on MariaDB's reads it was 24 bytes a row). The cancel check sits in
     * the same function, one call per row less than a converting result mapped around the check's.
     */
    static Publisher<Object> mapRows(Result result, Dialect dialect, SettlingRows settling, RowMapper mapper) {
        ConvertingRow view = new ConvertingRow(dialect);
        if (settling == null) {
            return result.map((row, md) -> mapper.map(view.over(row), md));
        }
        return result.map((row, md) -> settling.cancelled() ? SettlingRows.SKIPPED : mapper.map(view.over(row), md));
    }

    /** A row reading through the dialect's conversions: the driver's row it stands for is the one last set by {@link #over}. */
    private static final class ConvertingRow implements Row {
        private final Dialect dialect;
        private Row row;

        ConvertingRow(Dialect dialect) {
            this.dialect = dialect;
        }

        ConvertingRow over(Row current) {
            this.row = current;
            return this;
        }

        @Override
        public RowMetadata getMetadata() {
            return row.getMetadata();
        }

        @Override
        public <T> T get(int index, Class<T> type) {
            return type.cast(dialect.readValue(row.get(index, dialect.driverClass(type)), type));
        }

        @Override
        public <T> T get(String name, Class<T> type) {
            return type.cast(dialect.readValue(row.get(name, dialect.driverClass(type)), type));
        }
    }
}
