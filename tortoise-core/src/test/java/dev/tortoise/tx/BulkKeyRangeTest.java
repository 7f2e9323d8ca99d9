package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.test.StepVerifier;

/**
 * bulk_create's generated integer keys read back on PostgreSQL as a range (first key and count) when they are
 * consecutive and as every key otherwise; H2 and MariaDB return a row per key. Either way the objects get the
 * keys in ascending order, as before the range.
 */
class BulkKeyRangeTest {

    private static List<Account> accounts(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> new Account(prefix + i, i)).collect(Collectors.toList());
    }

    /** Stored name by key. */
    private static Map<Long, String> stored(Env env, String table) {
        return env.query("SELECT \"id\", \"name\" FROM \"" + table + "\"").stream().collect(Collectors.toMap(
                r -> ((Number) r.get("id")).longValue(), r -> (String) r.get("name")));
    }

    /** The one value of a one-row, one-column result. */
    private static Object only(List<Map<String, Object>> rows) {
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).hasSize(1);
        return rows.get(0).values().iterator().next();
    }

    /** The insert bulk_create sends for {@code rows} accounts, as each database gets it. */
    private static String accountInsert(DatabaseKind db, int rows) {
        String values = String.join(",", IntStream.range(0, rows)
                .mapToObj(i -> "($" + (2 * i + 1) + ",$" + (2 * i + 2) + ")").toList());
        return ExpectedSql.on(db, switch (db) {
            case POSTGRES -> BulkTest.pgKeys("INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM "
                    + "unnest(CAST($1 AS VARCHAR(100)[]),CAST($2 AS INT[])) RETURNING \"id\"");
            case MARIADB -> "INSERT INTO \"account\" (\"name\",\"balance\") VALUES " + values + " RETURNING \"id\"";
            default -> "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"account\" (\"name\",\"balance\") VALUES "
                    + values + ")";
        });
    }

    /**
     * The text PostgreSQL's key read-back returns for {@code rows} rows inserted into {@code table}, outside the
     * ORM; {@code columns} after the name ({@code ,"balance"}) are given 0.
     */
    private static Object pgKeyText(Env env, String table, String columns, String prefix, int rows) {
        return only(env.query("WITH \"i\" AS (INSERT INTO \"" + table + "\" (\"name\"" + columns + ") SELECT '"
                + prefix + "' || g" + (columns.isEmpty() ? "" : ", 0") + " FROM generate_series(1, " + rows
                + ") g RETURNING \"id\")" + BulkTest.PG_KEY_TEXT));
    }

    @DatabaseTest
    void consecutiveKeysInSeveralBatchesGiveEachObjectItsRowsKey(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            List<Account> objects = accounts(10, "a");
            StepVerifier.create(env.of(Account.class).bulkCreate(objects, 4).map(List::size))
                    .expectNext(10)
                    .expectComplete().verify(Env.TIMEOUT);
            List<StatementEvent> events = env.statements().events();
            assertThat(events).extracting(StatementEvent::sql).containsExactly(accountInsert(db, 4),
                    accountInsert(db, 4), accountInsert(db, 2));
            int first = objects.get(0).id;
            assertThat(objects).extracting(a -> a.id - first).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            Map<Long, String> rows = stored(env, "account");
            assertThat(objects).extracting(a -> rows.get(a.id.longValue()))
                    .containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
            assertThat(objects).allSatisfy(a -> assertThat(a.isSaved()).isTrue());
            if (db == DatabaseKind.POSTGRES) {
                // What the statement returned to each batch: the first key and the count, no key list.
                assertThat(pgKeyText(env, "account", ",\"balance\"", "r", 3)).isEqualTo((first + 10) + ":3");
                assertThat(pgKeyText(env, "account", ",\"balance\"", "q", 1)).isEqualTo((first + 13) + ":1");
            }
        }
    }

    @DatabaseTest
    void keysThatSkipValuesComeBackWholeAndAreGivenInAscendingOrder(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            // MariaDB's step (auto_increment_increment) is a server or session setting, not the table's: the
            // pool's sessions keep 1 there, and its keys come back one row each whatever their values.
            switch (db) {
                case POSTGRES -> env.query("ALTER SEQUENCE \"account_id_seq\" INCREMENT BY 3 RESTART 100");
                case H2 -> env.query("ALTER TABLE \"account\" ALTER COLUMN \"id\" RESTART WITH 100 SET INCREMENT BY 3");
                default -> env.query("ALTER TABLE \"account\" AUTO_INCREMENT = 100");
            }
            List<Account> objects = accounts(7, "s");
            StepVerifier.create(env.of(Account.class).bulkCreate(objects, 5).map(List::size))
                    .expectNext(7)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().events()).extracting(StatementEvent::sql)
                    .containsExactly(accountInsert(db, 5), accountInsert(db, 2));
            assertThat(objects).extracting(a -> a.id).containsExactly(db == DatabaseKind.MARIADB
                    ? new Integer[] {100, 101, 102, 103, 104, 105, 106}
                    : new Integer[] {100, 103, 106, 109, 112, 115, 118});
            Map<Long, String> rows = stored(env, "account");
            assertThat(objects).extracting(a -> rows.get(a.id.longValue()))
                    .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6");
            if (db == DatabaseKind.POSTGRES) {
                assertThat(pgKeyText(env, "account", ",\"balance\"", "r", 3)).isEqualTo("121,124,127");
                // One key is consecutive with itself.
                assertThat(pgKeyText(env, "account", ",\"balance\"", "q", 1)).isEqualTo("130:1");
            }
        }
    }

    @DatabaseTest
    void bigintKeysAtTheEndsOfTheirRangeDoNotOverflowTheRangeCheck(DatabaseKind db) {
        try (Env env = Env.start(db, BulkTest.BigKey.class)) {
            long max = Long.MAX_VALUE;
            switch (db) {
                case POSTGRES -> env.query("ALTER SEQUENCE \"big_key_id_seq\" RESTART " + (max - 4));
                case MARIADB -> env.query("ALTER TABLE \"big_key\" AUTO_INCREMENT = " + (max - 4));
                default -> env.query("ALTER TABLE \"big_key\" ALTER COLUMN \"id\" RESTART WITH " + (max - 4));
            }
            List<BulkTest.BigKey> top = List.of(new BulkTest.BigKey("t0"), new BulkTest.BigKey("t1"),
                    new BulkTest.BigKey("t2"));
            env.of(BulkTest.BigKey.class).bulkCreate(top).block(Env.TIMEOUT);
            assertThat(top).extracting(o -> o.id).containsExactly(max - 4, max - 3, max - 2);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(pgKeyText(env, "big_key", "", "r", 2)).isEqualTo((max - 1) + ":2");
                // The least and the greatest bigint apart: their difference is no bigint.
                env.query("ALTER SEQUENCE \"big_key_id_seq\" MINVALUE " + Long.MIN_VALUE + " INCREMENT BY " + max
                        + " RESTART " + (Long.MIN_VALUE + 1));
                List<BulkTest.BigKey> spread = List.of(new BulkTest.BigKey("s0"), new BulkTest.BigKey("s1"));
                env.of(BulkTest.BigKey.class).bulkCreate(spread).block(Env.TIMEOUT);
                assertThat(spread).extracting(o -> o.id).containsExactly(Long.MIN_VALUE + 1, 0L);
                env.query("ALTER SEQUENCE \"big_key_id_seq\" RESTART " + Long.MIN_VALUE);
                assertThat(pgKeyText(env, "big_key", "", "q", 2)).isEqualTo(Long.MIN_VALUE + ",-1");
                env.query("ALTER SEQUENCE \"big_key_id_seq\" INCREMENT BY 1 RESTART " + (Long.MIN_VALUE + 2));
                assertThat(pgKeyText(env, "big_key", "", "p", 2)).isEqualTo((Long.MIN_VALUE + 2) + ":2");
            }
            Map<Long, String> rows = stored(env, "big_key");
            assertThat(top).extracting(o -> rows.get(o.id)).containsExactly("t0", "t1", "t2");
        }
    }

    /**
     * Negative keys read back as they are; a descending generator's keys go to the objects in ascending order,
     * as they did when every key was read and sorted (so the first object gets the last row's key).
     */
    @DatabaseTest({DatabaseKind.H2, DatabaseKind.POSTGRES})
    void negativeAndDescendingSmallintKeysAreGivenInAscendingOrderAsBefore(DatabaseKind db) {
        try (Env env = Env.start(db, BulkTest.SmallKey.class)) {
            env.query(db == DatabaseKind.POSTGRES
                    ? "ALTER SEQUENCE \"small_key_id_seq\" MINVALUE -32768 RESTART -5"
                    : "ALTER TABLE \"small_key\" ALTER COLUMN \"id\" SET MINVALUE -32768 RESTART WITH -5");
            List<BulkTest.SmallKey> up = new ArrayList<>(List.of(new BulkTest.SmallKey("u0"),
                    new BulkTest.SmallKey("u1"), new BulkTest.SmallKey("u2")));
            env.of(BulkTest.SmallKey.class).bulkCreate(up).block(Env.TIMEOUT);
            assertThat(up).extracting(o -> o.id).containsExactly((short) -5, (short) -4, (short) -3);
            env.query(db == DatabaseKind.POSTGRES
                    ? "ALTER SEQUENCE \"small_key_id_seq\" INCREMENT BY -1 MAXVALUE -10 START -10 RESTART -10"
                    : "ALTER TABLE \"small_key\" ALTER COLUMN \"id\" SET INCREMENT BY -1 RESTART WITH -10");
            List<BulkTest.SmallKey> down = List.of(new BulkTest.SmallKey("d0"), new BulkTest.SmallKey("d1"),
                    new BulkTest.SmallKey("d2"));
            env.of(BulkTest.SmallKey.class).bulkCreate(down).block(Env.TIMEOUT);
            assertThat(down).extracting(o -> o.id).containsExactly((short) -12, (short) -11, (short) -10);
            Map<Long, String> rows = stored(env, "small_key");
            assertThat(rows).containsEntry(-5L, "u0").containsEntry(-4L, "u1").containsEntry(-3L, "u2")
                    .containsEntry(-10L, "d0").containsEntry(-11L, "d1").containsEntry(-12L, "d2");
            if (db == DatabaseKind.POSTGRES) {
                assertThat(pgKeyText(env, "small_key", "", "r", 3)).isEqualTo("-15:3");
            }
        }
    }

    @DatabaseTest(DatabaseKind.POSTGRES)
    void noRowsReadBackAsNullAndTooFewKeysAreTheKeyCountError(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            assertThat(only(env.query("WITH \"i\" AS (INSERT INTO \"account\" (\"name\",\"balance\") SELECT 'x', 0 "
                    + "WHERE false RETURNING \"id\")" + BulkTest.PG_KEY_TEXT)))
                    .isNull();
            // A trigger that drops a row: the rest are still consecutive, one key short of the objects.
            env.query("CREATE FUNCTION \"skip_account\"() RETURNS trigger LANGUAGE plpgsql AS "
                    + "'BEGIN IF NEW.name = ''k1'' THEN RETURN NULL; END IF; RETURN NEW; END'");
            env.query("CREATE TRIGGER \"skip_account\" BEFORE INSERT ON \"account\" FOR EACH ROW EXECUTE FUNCTION "
                    + "\"skip_account\"()");
            StepVerifier.create(env.of(Account.class).bulkCreate(accounts(3, "k")))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(IllegalStateException.class)
                            .hasMessage("bulk_create of Account inserted 3 rows but got 2 generated keys back"))
                    .verify(Env.TIMEOUT);
        }
    }
}
