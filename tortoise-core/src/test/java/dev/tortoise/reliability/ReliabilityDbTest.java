package dev.tortoise.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.Result;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link ReliabilityDb#serverSessionsBusy()} sees a session idle in a transaction with changes as
 * busy until that transaction ends, and sees nothing once it has: the health checks of the
 * reliability tests rest on it.
 */
class ReliabilityDbTest {

    @Meta(table = "rel_probe_item")
    public static class ProbeItem extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField
        public Integer score;
    }

    @DatabaseTest
    void aSessionIdleInATransactionWithChangesIsBusyUntilItsRollback(DatabaseKind db) {
        try (ReliabilityDb r = ReliabilityDb.start(db, 1, ProbeItem.class)) {
            r.orm.of(ProbeItem.class).create("score", 1).block(ReliabilityDb.TIMEOUT);
            assertThat(r.serverSessionsBusy()).isEmpty();
            Connection raw = Mono.from(ConnectionFactories.get(r.url).create()).block(ReliabilityDb.TIMEOUT);
            try {
                Mono.from(raw.beginTransaction()).block(ReliabilityDb.TIMEOUT);
                // quoted as the ORM created it (H2 folds unquoted names to upper case)
                String q = db == DatabaseKind.MARIADB ? "`" : "\"";
                Long updated = Flux.from(raw.createStatement("UPDATE " + q + "rel_probe_item" + q + " SET " + q + "score"
                                + q + " = 2").execute())
                        .flatMap(Result::getRowsUpdated).reduce(0L, Long::sum).block(ReliabilityDb.TIMEOUT);
                assertThat(updated).isEqualTo(1L);

                List<String> busy = r.serverSessionsBusy();
                assertThat(busy).hasSize(1);
                String pattern = switch (db) {
                    // the transaction as SHOW ENGINE INNODB STATUS describes it
                    case MARIADB -> "session \\d+: Sleep null \\(in a transaction: \\d+, ACTIVE \\d+ sec; "
                            + "\\d+ lock struct\\(s\\), heap size \\d+, \\d+ row lock\\(s\\), undo log entries 1\\)";
                    case POSTGRES -> "idle in transaction: UPDATE \"rel_probe_item\" SET \"score\" = 2";
                    default -> "session \\d+: null \\(uncommitted\\)";
                };
                assertThat(busy.get(0)).matches(pattern);

                Mono.from(raw.rollbackTransaction()).block(ReliabilityDb.TIMEOUT);
                assertThat(r.serverSessionsBusy()).isEmpty();
            } finally {
                Mono.from(raw.close()).block(ReliabilityDb.TIMEOUT);
            }
        }
    }
}
