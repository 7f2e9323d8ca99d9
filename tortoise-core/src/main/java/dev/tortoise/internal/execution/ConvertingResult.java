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

    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> f) {
        return delegate.map((row, md) -> f.apply(new ConvertingRow(row, dialect), md));
    }

    @Override
    public <T> Publisher<T> map(Function<? super Readable, ? extends T> f) {
        return delegate.map(r -> f.apply(r instanceof Row row ? new ConvertingRow(row, dialect) : r));
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
        return new ConvertingResult(delegate.filter(filter), dialect);
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> f) {
        return delegate.flatMap(f);
    }

    private record ConvertingRow(Row row, Dialect dialect) implements Row {
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
