package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.test.StepVerifier;

/**
 * bulk_create's generated integer keys read back on PostgreSQL as a range (the first row's key and the count, negated
 * when the keys step down) when they are consecutive and as every key in the rows' order otherwise; H2 and MariaDB
 * return a row per key, in the rows' order. Either way each object gets the key of the row holding its values,
 * whether the generator counts up or down, by one or by more.
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

    /**
     * Makes {@code table}'s {@code "id"} generator hand out {@code start}, then each {@code step} further, within
     * {@code min} to {@code max}: its PostgreSQL sequence, its H2 identity, or on MariaDB (whose AUTO_INCREMENT only
     * counts up, by the session's step) a new sequence as the column's default; {@code type} is the column's type.
     */
    private static void countFrom(Env env, DatabaseKind db, String table, String type, long start, long step,
                                  long min, long max) {
        String bounds = " MINVALUE " + min + " MAXVALUE " + max;
        switch (db) {
            case POSTGRES -> env.query("ALTER SEQUENCE \"" + table + "_id_seq\" INCREMENT BY " + step + bounds
                    + " START " + start + " RESTART " + start);
            case H2 -> env.query("ALTER TABLE \"" + table + "\" ALTER COLUMN \"id\" SET INCREMENT BY " + step
                    + " SET" + bounds.replace(" MAXVALUE", " SET MAXVALUE") + " START WITH " + start + " RESTART WITH "
                    + start);
            default -> {
                String sequence = table + "_id_" + (start < 0 ? "m" + -start : start) + "_"
                        + (step < 0 ? "m" + -step : step);
                env.query("CREATE SEQUENCE \"" + sequence + "\" START WITH " + start + " INCREMENT BY " + step
                        + bounds);
                env.query("ALTER TABLE \"" + table + "\" MODIFY \"id\" " + type + " NOT NULL DEFAULT (NEXT VALUE FOR \""
                        + sequence + "\")");
            }
        }
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
    void keysThatStepByThreeUpOrDownGoToTheirOwnRowsInTheRowsOrder(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            countFrom(env, db, "account", "INT", 100, 3, -1000, 1000);
            List<Account> up = accounts(7, "s");
            StepVerifier.create(env.of(Account.class).bulkCreate(up, 5).map(List::size))
                    .expectNext(7)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(up).extracting(a -> a.id).containsExactly(100, 103, 106, 109, 112, 115, 118);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(pgKeyText(env, "account", ",\"balance\"", "r", 3)).isEqualTo("121,124,127");
                // One key is consecutive with itself.
                assertThat(pgKeyText(env, "account", ",\"balance\"", "q", 1)).isEqualTo("130:1");
            }
            countFrom(env, db, "account", "INT", 90, -3, -1000, 90);
            List<Account> down = accounts(7, "d");
            StepVerifier.create(env.of(Account.class).bulkCreate(down, 5).map(List::size))
                    .expectNext(7)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(down).extracting(a -> a.id).containsExactly(90, 87, 84, 81, 78, 75, 72);
            assertThat(env.statements().events()).extracting(StatementEvent::sql)
                    .containsExactly(accountInsert(db, 5), accountInsert(db, 2), accountInsert(db, 5),
                            accountInsert(db, 2));
            Map<Long, String> rows = stored(env, "account");
            assertThat(up).extracting(a -> rows.get(a.id.longValue()))
                    .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6");
            assertThat(down).extracting(a -> rows.get(a.id.longValue()))
                    .containsExactly("d0", "d1", "d2", "d3", "d4", "d5", "d6");
            if (db == DatabaseKind.POSTGRES) {
                // Every key, in the rows' order, not sorted.
                assertThat(pgKeyText(env, "account", ",\"balance\"", "p", 3)).isEqualTo("69,66,63");
            }
        }
    }

    @DatabaseTest
    void descendingKeysInSeveralBatchesGiveEachObjectItsRowsKey(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            countFrom(env, db, "account", "INT", -10, -1, -1000, -10);
            List<Account> objects = accounts(10, "a");
            StepVerifier.create(env.of(Account.class).bulkCreate(objects, 4).map(List::size))
                    .expectNext(10)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().events()).extracting(StatementEvent::sql).containsExactly(accountInsert(db, 4),
                    accountInsert(db, 4), accountInsert(db, 2));
            assertThat(objects).extracting(a -> a.id).containsExactly(-10, -11, -12, -13, -14, -15, -16, -17, -18, -19);
            Map<Long, String> rows = stored(env, "account");
            assertThat(objects).extracting(a -> rows.get(a.id.longValue()))
                    .containsExactly("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9");
            assertThat(objects).allSatisfy(a -> assertThat(a.isSaved()).isTrue());
            if (db == DatabaseKind.POSTGRES) {
                // The first row's key, the greatest, and the count negated: no key list.
                assertThat(pgKeyText(env, "account", ",\"balance\"", "r", 3)).isEqualTo("-20:-3");
                assertThat(pgKeyText(env, "account", ",\"balance\"", "q", 1)).isEqualTo("-23:1");
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

    /** A bigint generator stepping down to the least bigint, and one stepping down from the greatest. */
    @DatabaseTest({DatabaseKind.H2, DatabaseKind.POSTGRES})
    void bigintKeysSteppingDownToTheEndsOfTheirRangeAreReadWhole(DatabaseKind db) {
        try (Env env = Env.start(db, BulkTest.BigKey.class)) {
            countFrom(env, db, "big_key", "BIGINT", Long.MIN_VALUE + 2, -1, Long.MIN_VALUE, 0);
            List<BulkTest.BigKey> low = List.of(new BulkTest.BigKey("l0"), new BulkTest.BigKey("l1"),
                    new BulkTest.BigKey("l2"));
            StepVerifier.create(env.of(BulkTest.BigKey.class).bulkCreate(low).map(List::size))
                    .expectNext(3)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(low).extracting(o -> o.id).containsExactly(Long.MIN_VALUE + 2, Long.MIN_VALUE + 1,
                    Long.MIN_VALUE);
            Map<Long, String> rows = stored(env, "big_key");
            assertThat(low).extracting(o -> rows.get(o.id)).containsExactly("l0", "l1", "l2");
            if (db == DatabaseKind.POSTGRES) {
                countFrom(env, db, "big_key", "BIGINT", Long.MAX_VALUE, -1, 1, Long.MAX_VALUE);
                assertThat(pgKeyText(env, "big_key", "", "r", 2)).isEqualTo(Long.MAX_VALUE + ":-2");
            }
        }
    }

    /** Negative smallint keys, counting up and then down, each read back as the key of its own row. */
    @DatabaseTest
    void negativeSmallintKeysCountingUpOrDownGoToTheirOwnRows(DatabaseKind db) {
        try (Env env = Env.start(db, BulkTest.SmallKey.class)) {
            countFrom(env, db, "small_key", "SMALLINT", -5, 1, -32768, 32767);
            List<BulkTest.SmallKey> up = new ArrayList<>(List.of(new BulkTest.SmallKey("u0"),
                    new BulkTest.SmallKey("u1"), new BulkTest.SmallKey("u2")));
            env.of(BulkTest.SmallKey.class).bulkCreate(up).block(Env.TIMEOUT);
            assertThat(up).extracting(o -> o.id).containsExactly((short) -5, (short) -4, (short) -3);
            countFrom(env, db, "small_key", "SMALLINT", -10, -1, -32768, -10);
            List<BulkTest.SmallKey> down = List.of(new BulkTest.SmallKey("d0"), new BulkTest.SmallKey("d1"),
                    new BulkTest.SmallKey("d2"));
            env.of(BulkTest.SmallKey.class).bulkCreate(down).block(Env.TIMEOUT);
            assertThat(down).extracting(o -> o.id).containsExactly((short) -10, (short) -11, (short) -12);
            Map<Long, String> rows = stored(env, "small_key");
            assertThat(rows).containsOnly(Map.entry(-5L, "u0"), Map.entry(-4L, "u1"), Map.entry(-3L, "u2"),
                    Map.entry(-10L, "d0"), Map.entry(-11L, "d1"), Map.entry(-12L, "d2"));
            if (db == DatabaseKind.POSTGRES) {
                assertThat(pgKeyText(env, "small_key", "", "r", 3)).isEqualTo("-13:-3");
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
