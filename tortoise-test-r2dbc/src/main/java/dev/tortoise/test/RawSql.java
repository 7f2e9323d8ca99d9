package dev.tortoise.test;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.RowMetadata;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL run outside the ORM, blocking (for test code on the test thread, never on a reactive thread): to read what
 * the ORM stored, or to prepare rows. Through a test database's own factory it sees only committed data; through
 * the runtime's (decorated) factory during a rolled-back test it runs inside the test's transaction and sees what
 * the test wrote. A {@link StatementRecorder} on the factory does not record it.
 */
public final class RawSql {
    /** How long one call may take. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private RawSql() {
    }

    /** Runs a query; each row is a map from lower-case column name to value, in column order. */
    public static List<Map<String, Object>> query(ConnectionFactory factory, String sql) {
        return Flux.usingWhen(Mono.from(factory.create()),
                        c -> Flux.from(c.createStatement(sql).execute()).concatMap(RawSql::rows),
                        Connection::close, (c, e) -> c.close(), Connection::close)
                .contextWrite(StatementRecorder.unrecorded())
                .collectList()
                .block(TIMEOUT);
    }

    /** Runs one statement and returns the number of rows it changed (0 for DDL). */
    public static long execute(ConnectionFactory factory, String sql) {
        Long n = Flux.usingWhen(Mono.from(factory.create()),
                        c -> Flux.from(c.createStatement(sql).execute()).concatMap(Result::getRowsUpdated),
                        Connection::close, (c, e) -> c.close(), Connection::close)
                .contextWrite(StatementRecorder.unrecorded())
                .reduce(0L, Long::sum)
                .block(TIMEOUT);
        return n == null ? 0 : n;
    }

    /** The number of rows in {@code table} (quoted as the database quotes identifiers). */
    public static long countRows(ConnectionFactory factory, String table) {
        String product = factory.getMetadata().getName().toLowerCase(Locale.ROOT);
        String quoted = product.contains("mysql") || product.contains("mariadb")
                ? "`" + table.replace("`", "``") + "`"
                : "\"" + table.replace("\"", "\"\"") + "\"";
        Object n = query(factory, "SELECT COUNT(*) AS n FROM " + quoted).get(0).get("n");
        return ((Number) n).longValue();
    }

    private static Flux<Map<String, Object>> rows(Result result) {
        return Flux.from(result.map((row, md) -> toMap(row, md)));
    }

    private static Map<String, Object> toMap(io.r2dbc.spi.Row row, RowMetadata md) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < md.getColumnMetadatas().size(); i++) {
            m.put(md.getColumnMetadatas().get(i).getName().toLowerCase(Locale.ROOT), row.get(i));
        }
        return m;
    }
}
