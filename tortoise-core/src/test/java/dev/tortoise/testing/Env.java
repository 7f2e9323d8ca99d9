package dev.tortoise.testing;

import dev.tortoise.Tortoise;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A runtime on a fresh test database, with a statement recorder; closing it drops the database. */
public final class Env implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TestDb db;
    private final Tortoise tortoise;
    private final StatementRecorder statements;
    private final String schema;

    Env(TestDb db, Tortoise tortoise, StatementRecorder statements, String schema) {
        this.db = db;
        this.tortoise = tortoise;
        this.statements = statements;
        this.schema = schema;
    }

    public TestDb db() {
        return db;
    }

    public Tortoise tortoise() {
        return tortoise;
    }

    public <T extends Model> Manager<T> of(Class<T> model) {
        return tortoise.of(model);
    }

    public StatementRecorder statements() {
        return statements;
    }

    /** Runs SQL on the default connection outside the ORM and returns the rows as maps (for checking what is stored). */
    public List<Map<String, Object>> query(String sql) {
        return Flux.usingWhen(Mono.from(tortoise.connections().get("default").factory().create()),
                (Connection c) -> Flux.from(c.createStatement(sql).execute()).flatMap(r -> r.map((row, md) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < md.getColumnMetadatas().size(); i++) {
                        m.put(md.getColumnMetadatas().get(i).getName().toLowerCase(), row.get(i));
                    }
                    return m;
                })), Connection::close).collectList().block(TIMEOUT);
    }

    /** The number of rows in a table, read outside the ORM. */
    public long countRows(String table) {
        Object v = query("SELECT COUNT(*) AS n FROM \"" + table + "\"").get(0).get("n");
        return ((Number) v).longValue();
    }

    @Override
    public void close() {
        tortoise.close().block(TIMEOUT);
        if (schema != null) {
            TestDb.admin("DROP SCHEMA \"" + schema + "\" CASCADE");
        }
    }
}
