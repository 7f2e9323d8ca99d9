package dev.tortoise.internal.execution;

import dev.tortoise.sql.dialect.Dialect;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;

/**
 * A result whose rows read values through the dialect's {@link Dialect#driverClass} and
 * {@link Dialect#readValue}, for a driver lacking a codec the ORM relies on. Used only where the
 * dialect {@link Dialect#convertsValues() converts values}.
 */
final class ConvertingResult implements Result {
    private final Result delegate;
    private final Dialect dialect;

    ConvertingResult(Result delegate, Dialect dialect) {
        this.delegate = delegate;
        this.dialect = dialect;
    }

    @Override
    public Publisher<Long> getRowsUpdated() {
        return delegate.getRowsUpdated();
    }

    /**
     * Maps the rows through one converting view per call, pointed at each row in turn rather than made per
     * row: a row is valid only while the mapping function runs (R2DBC), and a result's rows reach it one at
     * a time, so the view never outlives or overlaps its row (on MariaDB's reads it was 24 bytes a row).
     */
    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> f) {
        ConvertingRow view = new ConvertingRow(dialect);
        return delegate.map((row, md) -> f.apply(view.over(row), md));
    }

    @Override
    public <T> Publisher<T> map(Function<? super Readable, ? extends T> f) {
        ConvertingRow view = new ConvertingRow(dialect);
        return delegate.map(r -> f.apply(r instanceof Row row ? view.over(row) : r));
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
        return new ConvertingResult(delegate.filter(filter), dialect);
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> f) {
        return delegate.flatMap(f);
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
