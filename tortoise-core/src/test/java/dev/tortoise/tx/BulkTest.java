package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.execution.StatementEvent;
import dev.tortoise.query.BulkCreateOptions;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.test.StepVerifier;

class BulkTest {

    private static List<Account> accounts(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> new Account(prefix + i, i)).collect(Collectors.toList());
    }

    private static Map<Integer, String> stored(Env env) {
        return env.query("SELECT \"id\", \"name\" FROM \"account\"").stream().collect(Collectors.toMap(
                r -> ((Number) r.get("id")).intValue(), r -> (String) r.get("name")));
    }

    /** What follows PostgreSQL's insert of one integer key ({@link dev.tortoise.testing.ExpectedSql#PG_KEY_TEXT}). */
    static final String PG_KEY_TEXT = dev.tortoise.testing.ExpectedSql.PG_KEY_TEXT;

    /** PostgreSQL's form of a bulk insert that reads back one integer key: the keys as one text. */
    static String pgKeys(String insert) {
        return "WITH \"i\" AS (" + insert + ")" + PG_KEY_TEXT;
    }

    private static List<StatementEvent> writes(Env env) {
        return env.statements().events().stream().filter(e -> !e.operation().equals("select")).toList();
    }

    @DatabaseTest
    void bulkCreateInsertsInOneStatementAndWritesGeneratedKeysBack(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            List<Account> objects = accounts(5, "a");
            StepVerifier.create(env.of(Account.class).bulkCreate(objects).map(List::size))
                    .expectNext(5)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(1);
            StatementEvent e = env.statements().events().get(0);
            // PostgreSQL: one array per column, so the text is the same for any number of rows.
            assertThat(e.sql()).isEqualTo(ExpectedSql.on(db, db == DatabaseKind.MARIADB
                    ? "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2),($3,$4),($5,$6),($7,$8),($9,$10) "
                    + "RETURNING \"id\""
                    : (db == DatabaseKind.POSTGRES)
                    ? pgKeys("INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS VARCHAR(100)[]),"
                    + "CAST($2 AS INT[])) RETURNING \"id\"")
                    : "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2),"
                    + "($3,$4),($5,$6),($7,$8),($9,$10))"));
            if (db == DatabaseKind.POSTGRES) {
                assertThat(e.bindings()).hasSize(2);
                // Text and integer columns go as the text of an array, one string per column.
                assertThat(e.bindings()).containsExactly("{\"a0\",\"a1\",\"a2\",\"a3\",\"a4\"}", "{0,1,2,3,4}");
            } else {
                assertThat(e.bindings()).containsExactly("a0", 0, "a1", 1, "a2", 2, "a3", 3, "a4", 4);
            }
            Map<Integer, String> rows = stored(env);
            assertThat(rows).hasSize(5);
            for (Account a : objects) {
                assertThat(a.id).isNotNull();
                assertThat(rows.get(a.id)).isEqualTo(a.name);
                assertThat(a.isSaved()).isTrue();
            }
        }
    }

    @DatabaseTest
    void repeatedBulkCreatesOfOneShapeSendTheSameTextWithTheirOwnValuesWithAndWithoutTheStatementCache(
            DatabaseKind db) {
        for (int cacheSize : new int[] {dev.tortoise.sql.render.SqlRenderer.DEFAULT_CACHE_SIZE, 0}) {
            try (Env env = Env.start(db, b -> b.models(Account.class).statementCacheSize(cacheSize))) {
                List<Account> first = accounts(3, "f");
                List<Account> second = accounts(3, "s");
                second.get(1).balance = null;
                env.of(Account.class).bulkCreate(first).block(Env.TIMEOUT);
                env.of(Account.class).bulkCreate(second).block(Env.TIMEOUT);
                List<StatementEvent> writes = writes(env);
                assertThat(writes).as("cache %d", cacheSize).hasSize(2);
                String expected = ExpectedSql.on(db, db == DatabaseKind.MARIADB
                        ? "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2),($3,$4),($5,$6) RETURNING \"id\""
                        : (db == DatabaseKind.POSTGRES)
                        ? pgKeys("INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS "
                        + "VARCHAR(100)[]),CAST($2 AS INT[])) RETURNING \"id\"")
                        : "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"account\" (\"name\",\"balance\") VALUES "
                        + "($1,$2),($3,$4),($5,$6))");
                assertThat(writes.get(0).sql()).as("cache %d", cacheSize).isEqualTo(expected);
                assertThat(writes.get(1).sql()).as("cache %d", cacheSize).isEqualTo(expected);
                if (db == DatabaseKind.POSTGRES) {
                    assertThat(writes.get(0).bindings()).containsExactly("{\"f0\",\"f1\",\"f2\"}", "{0,1,2}");
                    // The default applies to the null balance.
                    assertThat(writes.get(1).bindings()).containsExactly("{\"s0\",\"s1\",\"s2\"}", "{0,0,2}");
                } else {
                    assertThat(writes.get(0).bindings()).containsExactly("f0", 0, "f1", 1, "f2", 2);
                    assertThat(writes.get(1).bindings()).containsExactly("s0", 0, "s1", 0, "s2", 2);
                }
                Map<Integer, String> rows = stored(env);
                assertThat(rows).hasSize(6);
                for (Account a : first) {
                    assertThat(rows.get(a.id)).isEqualTo(a.name);
                }
                for (Account a : second) {
                    assertThat(rows.get(a.id)).isEqualTo(a.name);
                }
            }
        }
    }

    @DatabaseTest
    void objectsWithAndWithoutExplicitKeysMix(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            List<Account> objects = accounts(4, "m");
            objects.get(1).id = 1001;
            objects.get(3).id = 1003;
            env.of(Account.class).bulkCreate(objects).block(Env.TIMEOUT);
            // The rows with explicit keys go first; PostgreSQL and H2 then move the key's generator past the largest
            // of them, as save() does, before the other rows take keys from it.
            assertThat(writes(env)).hasSize(db == DatabaseKind.MARIADB ? 2 : 3);
            assertThat(writes(env).get(0).sql()).isEqualTo(ExpectedSql.on(db, (db == DatabaseKind.POSTGRES)
                    ? "INSERT INTO \"account\" (\"id\",\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS INT[]),"
                    + "CAST($2 AS VARCHAR(100)[]),CAST($3 AS INT[]))"
                    : "INSERT INTO \"account\" (\"id\",\"name\",\"balance\") VALUES ($1,$2,$3),($4,$5,$6)"));
            if (db != DatabaseKind.MARIADB) {
                assertThat(writes(env).get(1).sql()).isEqualTo(db == DatabaseKind.POSTGRES
                        ? "SELECT CASE WHEN CAST($1 AS BIGINT) >= nextval(pg_get_serial_sequence($2, $3)) THEN "
                        + "setval(pg_get_serial_sequence($4, $5), CAST($6 AS BIGINT)) END"
                        : "ALTER TABLE \"account\" ALTER COLUMN \"id\" RESTART WITH GREATEST(CAST($1 AS BIGINT) + 1, "
                        + "(SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = "
                        + "COALESCE(CAST($2 AS VARCHAR), CURRENT_SCHEMA) AND TABLE_NAME = $3 AND COLUMN_NAME = $4))");
                assertThat(writes(env).get(1).bindings().get(0)).isEqualTo(1003L);
            }
            assertThat(objects.stream().map(a -> a.id).toList()).containsExactly(1004, 1001, 1005, 1003);
            assertThat(stored(env)).isEqualTo(Map.of(1001, "m1", 1003, "m3", 1004, "m0", 1005, "m2"));
        }
    }

    private static Account account(Integer id, String name) {
        Account a = new Account(name, 0);
        a.id = id;
        return a;
    }

    private static List<Integer> ids(List<Account> objects) {
        return objects.stream().map(a -> a.id).toList();
    }

    @DatabaseTest
    void aNewObjectBeforeAnExplicitKeyTakesAKeyPastItInsteadOfColliding(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            // On a fresh table the new object would take key 1 from the generator if it were inserted first.
            List<Account> first = List.of(account(null, "a"), account(1, "b"));
            StepVerifier.create(m.bulkCreate(first).map(BulkTest::ids))
                    .expectNext(java.util.Arrays.asList(2, 1))
                    .expectComplete().verify(Env.TIMEOUT);
            // One insert of the explicit keys, one move of the generator (not on MariaDB, whose AUTO_INCREMENT
            // moves by itself), one insert of the rest: in one transaction.
            List<String> expected = new ArrayList<>();
            // A single row is a VALUES list on every database (PostgreSQL unnests arrays for more rows).
            expected.add(ExpectedSql.on(db,
                    "INSERT INTO \"account\" (\"id\",\"name\",\"balance\") VALUES ($1,$2,$3)"));
            if (db == DatabaseKind.POSTGRES) {
                expected.add("SELECT CASE WHEN CAST($1 AS BIGINT) >= nextval(pg_get_serial_sequence($2, $3)) THEN "
                        + "setval(pg_get_serial_sequence($4, $5), CAST($6 AS BIGINT)) END");
            } else if (db == DatabaseKind.H2) {
                expected.add("ALTER TABLE \"account\" ALTER COLUMN \"id\" RESTART WITH GREATEST(CAST($1 AS BIGINT) + 1, "
                        + "(SELECT IDENTITY_BASE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = "
                        + "COALESCE(CAST($2 AS VARCHAR), CURRENT_SCHEMA) AND TABLE_NAME = $3 AND COLUMN_NAME = $4))");
            }
            expected.add(ExpectedSql.on(db, db == DatabaseKind.MARIADB
                    ? "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2) RETURNING \"id\""
                    : (db == DatabaseKind.POSTGRES)
                    ? pgKeys("INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2) RETURNING \"id\"")
                    : "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2))"));
            assertThat(writes(env).stream().map(StatementEvent::sql).toList()).isEqualTo(expected);
            if (db != DatabaseKind.MARIADB) {
                assertThat(writes(env).get(1).bindings().get(0)).isEqualTo(1L);
            }
            assertThat(first).allMatch(Account::isSaved);

            List<Account> second = List.of(account(null, "c"), account(5, "d"), account(null, "e"));
            StepVerifier.create(m.bulkCreate(second).map(BulkTest::ids))
                    .expectNext(List.of(6, 5, 7))
                    .expectComplete().verify(Env.TIMEOUT);
            List<Account> third = List.of(account(10, "f"), account(null, "g"), account(8, "h"));
            StepVerifier.create(m.bulkCreate(third).map(BulkTest::ids))
                    .expectNext(List.of(10, 11, 8))
                    .expectComplete().verify(Env.TIMEOUT);
            // An explicit key below the generator's position never moves it back (PostgreSQL's check draws one
            // value from the sequence, as save()'s does, so its next key skips one).
            int next = db == DatabaseKind.POSTGRES ? 13 : 12;
            List<Account> fourth = List.of(account(null, "i"), account(3, "j"));
            StepVerifier.create(m.bulkCreate(fourth).map(BulkTest::ids))
                    .expectNext(List.of(next, 3))
                    .expectComplete().verify(Env.TIMEOUT);
            Map<Integer, String> expectedRows = new java.util.HashMap<>(Map.of(1, "b", 2, "a", 3, "j", 5, "d",
                    6, "c", 7, "e", 8, "h", 10, "f", 11, "g"));
            expectedRows.put(next, "i");
            assertThat(stored(env)).isEqualTo(expectedRows);
            // A batch size splits each part, in the same order: explicit keys, the generator's move, the rest.
            env.statements().clear();
            List<Account> batched = List.of(account(null, "k"), account(null, "l"), account(30, "m"),
                    account(20, "n"));
            StepVerifier.create(m.bulkCreate(batched, 1).map(BulkTest::ids))
                    .expectNext(List.of(31, 32, 30, 20))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env).stream().map(e -> e.bindings().get(0)).toList()).isEqualTo(
                    db == DatabaseKind.MARIADB ? List.of(30, 20, "k", "l") : List.of(30, 20, 30L, "k", "l"));
            assertThat(env.countRows("account")).isEqualTo(14);
        }
    }

    @DatabaseTest
    void aDuplicateExplicitKeyAmongNewObjectsFailsAndLeavesTheTableAsItWas(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            StepVerifier.create(m.bulkCreate(List.of(account(null, "a"), account(5, "b"))).map(BulkTest::ids))
                    .expectNext(List.of(6, 5))
                    .expectComplete().verify(Env.TIMEOUT);
            Map<Integer, String> before = Map.of(5, "b", 6, "a");
            // A key already stored.
            StepVerifier.create(m.bulkCreate(List.of(account(null, "c"), account(5, "d"))))
                    .expectError(IntegrityError.class)
                    .verify(Env.TIMEOUT);
            assertThat(stored(env)).isEqualTo(before);
            // The same key twice in one call.
            StepVerifier.create(m.bulkCreate(List.of(account(30, "e"), account(null, "f"), account(30, "g"))))
                    .expectError(IntegrityError.class)
                    .verify(Env.TIMEOUT);
            assertThat(stored(env)).isEqualTo(before);
            // One statement per row: the first explicit key's row is inserted, the stored key fails, and the
            // transaction takes the first row back; the new object's insert never runs.
            env.statements().clear();
            StepVerifier.create(m.bulkCreate(List.of(account(null, "h"), account(40, "i"), account(6, "j")), 1))
                    .expectError(IntegrityError.class)
                    .verify(Env.TIMEOUT);
            assertThat(writes(env).stream().map(e -> e.bindings().get(0)).toList()).isEqualTo(List.of(40, 6));
            assertThat(stored(env)).isEqualTo(before);
            // Nothing is left half-done: the next call works.
            StepVerifier.create(m.bulkCreate(List.of(account(null, "k"), account(50, "l"))).map(BulkTest::ids))
                    .expectNext(List.of(51, 50))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @dev.tortoise.model.Meta(table = "note")
    public static class Note extends dev.tortoise.model.Model {
        @dev.tortoise.field.IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.TextField(nullable = true)
        public String body;
        @dev.tortoise.field.DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public java.math.BigDecimal score;
        @dev.tortoise.field.DatetimeField(nullable = true)
        public java.time.OffsetDateTime at;

        public Note() {
        }

        Note(String body, String score, java.time.OffsetDateTime at) {
            this.body = body;
            this.score = score == null ? null : new java.math.BigDecimal(score);
            this.at = at;
        }
    }

    @dev.tortoise.model.Meta(table = "plain")
    public static class Plain extends dev.tortoise.model.Model {
        @dev.tortoise.field.IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.TextField(nullable = true)
        public String body;
        @dev.tortoise.field.DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
        public java.math.BigDecimal score;

        public Plain() {
        }

        Plain(String body, String score) {
            this.body = body;
            this.score = score == null ? null : new java.math.BigDecimal(score);
        }
    }

    @DatabaseTest
    void nullsAndTypesWithoutArraySupportRoundTrip(DatabaseKind db) {
        try (Env env = Env.start(db, Note.class, Plain.class)) {
            List<Plain> arrays = List.of(new Plain("x", "1.50"), new Plain(null, null), new Plain("w", "-3"));
            env.of(Plain.class).bulkCreate(arrays).block(Env.TIMEOUT);
            // Datetime columns go as arrays too (TIMESTAMPTZ[]), nulls included.
            var at = java.time.OffsetDateTime.parse("2024-05-06T07:08:09Z");
            List<Note> rows = List.of(new Note("y", "2.25", at), new Note("z", null, null));
            env.of(Note.class).bulkCreate(rows).block(Env.TIMEOUT);
            List<String> sql = writes(env).stream().map(StatementEvent::sql).toList();
            if (db == DatabaseKind.POSTGRES) {
                assertThat(sql.get(0)).isEqualTo(ExpectedSql.on(db, pgKeys("INSERT INTO \"plain\" (\"body\",\"score\") SELECT * FROM "
                        + "unnest(CAST($1 AS TEXT[]),CAST($2 AS DECIMAL(10,2)[])) RETURNING \"id\"")));
                assertThat(sql.get(1)).isEqualTo(ExpectedSql.on(db, pgKeys("INSERT INTO \"note\" (\"body\",\"score\",\"at\") SELECT * FROM "
                        + "unnest(CAST($1 AS TEXT[]),CAST($2 AS DECIMAL(10,2)[]),CAST($3 AS TIMESTAMPTZ[])) "
                        + "RETURNING \"id\"")));
            }
            assertThat(env.of(Plain.class).all().orderBy("id").flux().map(n -> n.body + "|" + n.score)
                    .collectList().block(Env.TIMEOUT)).containsExactly("x|1.50", "null|null", "w|-3.00");
            assertThat(arrays).extracting(p -> p.id - arrays.get(0).id).containsExactly(0, 1, 2);
            assertThat(env.of(Note.class).all().orderBy("id").flux()
                            .map(n -> n.body + "|" + n.score + "|" + (n.at == null ? null : n.at.toInstant()))
                            .collectList().block(Env.TIMEOUT))
                    .containsExactly("y|2.25|" + at.toInstant(), "z|null|null");

            // bulk_update with a datetime column (an unnest of arrays on PostgreSQL) and nulls both ways.
            env.statements().clear();
            rows.get(0).at = null;
            rows.get(0).body = null;
            rows.get(1).at = at.plusDays(1);
            rows.get(1).body = "z2";
            StepVerifier.create(env.of(Note.class).bulkUpdate(rows, List.of("body", "at")))
                    .expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(env.statements().sql().get(0)).isEqualTo(ExpectedSql.on(db, "UPDATE \"note\" \"t\" SET \"body\"=\"s\".\"body\","
                        + "\"at\"=\"s\".\"at\" FROM unnest(CAST($1 AS INT[]),CAST($2 AS TEXT[]),CAST($3 AS TIMESTAMPTZ[])) "
                        + "AS \"s\" (\"id\",\"body\",\"at\") WHERE \"t\".\"id\"=\"s\".\"id\""));
            }
            assertThat(env.of(Note.class).all().orderBy("id").flux()
                            .map(n -> n.body + "|" + n.score + "|" + (n.at == null ? null : n.at.toInstant()))
                            .collectList().block(Env.TIMEOUT))
                    .containsExactly("null|2.25|null", "z2|null|" + at.plusDays(1).toInstant());
        }
    }

    @dev.tortoise.model.Meta(table = "stamped")
    public static class Stamped extends dev.tortoise.model.Model {
        @dev.tortoise.field.IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.CharField(maxLength = 20, unique = true)
        public String name;
        @dev.tortoise.field.DatetimeField(autoNowAdd = true)
        public java.time.OffsetDateTime created;
        @dev.tortoise.field.IntField
        public Integer qty;
        @dev.tortoise.field.DatetimeField(autoNow = true)
        public java.time.OffsetDateTime modified;

        public Stamped() {
        }

        Stamped(String name, int qty) {
            this.name = name;
            this.qty = qty;
        }
    }

    private static java.time.OffsetDateTime utc(java.time.OffsetDateTime t) {
        return t.withOffsetSameInstant(java.time.ZoneOffset.UTC);
    }

    /** "name|created|qty|modified" as stored, the timestamps as instants. */
    private static List<String> storedStamps(Env env) {
        return env.of(Stamped.class).all().orderBy("id").flux().map(x -> x.name + "|" + x.created.toInstant() + "|"
                + x.qty + "|" + x.modified.toInstant()).collectList().block(Env.TIMEOUT);
    }

    private static List<String> stamps(List<Stamped> objects) {
        return objects.stream().map(x -> x.name + "|" + x.created.toInstant() + "|" + x.qty + "|"
                + x.modified.toInstant()).toList();
    }

    @DatabaseTest
    void autoNowIsOneInstantPerCallBoundOnceOnPostgres(DatabaseKind db) {
        try (Env env = Env.start(db, Stamped.class)) {
            List<Stamped> objects = List.of(new Stamped("a", 1), new Stamped("b", 2), new Stamped("c", 3));
            StepVerifier.create(env.of(Stamped.class).bulkCreate(objects).map(List::size))
                    .expectNext(3)
                    .expectComplete().verify(Env.TIMEOUT);
            // Every object of the call got the same instant per field, and it is what the database stored.
            java.time.OffsetDateTime created = objects.get(0).created;
            java.time.OffsetDateTime modified = objects.get(0).modified;
            assertThat(objects).extracting(x -> x.created).containsOnly(created);
            assertThat(objects).extracting(x -> x.modified).containsOnly(modified);
            assertThat(storedStamps(env)).containsExactlyElementsOf(stamps(objects));
            assertThat(objects).extracting(x -> x.id - objects.get(0).id).containsExactly(0, 1, 2);
            assertThat(writes(env)).hasSize(1);
            StatementEvent e = writes(env).get(0);
            if (db == DatabaseKind.POSTGRES) {
                // The shared columns are bound once, as scalars, in the insert's column order.
                assertThat(e.sql()).isEqualTo(pgKeys("INSERT INTO \"stamped\" (\"name\",\"created\",\"qty\",\"modified\") "
                        + "SELECT \"s\".\"name\",CAST($1 AS TIMESTAMPTZ),\"s\".\"qty\",CAST($2 AS TIMESTAMPTZ) FROM "
                        + "unnest(CAST($3 AS VARCHAR(20)[]),CAST($4 AS INT[])) AS \"s\" (\"name\",\"qty\") RETURNING \"id\""));
                assertThat(e.bindings()).hasSize(4);
                assertThat(e.bindings().get(0)).isEqualTo(utc(created));
                assertThat(e.bindings().get(1)).isEqualTo(utc(modified));
                assertThat(e.bindings().get(2)).isEqualTo("{\"a\",\"b\",\"c\"}");
                assertThat(e.bindings().get(3)).isEqualTo("{1,2,3}");
            } else {
                // VALUES rows as before: the shared value in every row.
                assertThat(e.sql()).isEqualTo(ExpectedSql.on(db, db == DatabaseKind.MARIADB
                        ? "INSERT INTO \"stamped\" (\"name\",\"created\",\"qty\",\"modified\") VALUES ($1,$2,$3,$4),"
                        + "($5,$6,$7,$8),($9,$10,$11,$12) RETURNING \"id\""
                        : "SELECT \"id\" FROM FINAL TABLE (INSERT INTO \"stamped\" (\"name\",\"created\",\"qty\","
                        + "\"modified\") VALUES ($1,$2,$3,$4),($5,$6,$7,$8),($9,$10,$11,$12))"));
                assertThat(e.bindings()).containsExactly("a", utc(created), 1, utc(modified), "b", utc(created), 2,
                        utc(modified), "c", utc(created), 3, utc(modified));
            }

            // An object that brings its own auto_now_add value keeps it: that column goes per row, auto_now stays shared.
            env.statements().clear();
            var own = java.time.OffsetDateTime.parse("2024-05-06T07:08:09.123456Z");
            List<Stamped> more = List.of(new Stamped("d", 4), new Stamped("e", 5), new Stamped("f", 6));
            more.get(1).created = own;
            env.of(Stamped.class).bulkCreate(more).block(Env.TIMEOUT);
            java.time.OffsetDateTime created2 = more.get(0).created;
            assertThat(more).extracting(x -> x.created).containsExactly(created2, own, created2);
            assertThat(more).extracting(x -> x.modified).containsOnly(more.get(0).modified);
            StatementEvent e2 = env.statements().events().get(0);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(e2.sql()).isEqualTo(pgKeys("INSERT INTO \"stamped\" (\"name\",\"created\",\"qty\",\"modified\") "
                        + "SELECT \"s\".\"name\",\"s\".\"created\",\"s\".\"qty\",CAST($1 AS TIMESTAMPTZ) FROM "
                        + "unnest(CAST($2 AS VARCHAR(20)[]),CAST($3 AS TIMESTAMPTZ[]),CAST($4 AS INT[])) AS \"s\" "
                        + "(\"name\",\"created\",\"qty\") RETURNING \"id\""));
                assertThat(e2.bindings().get(0)).isEqualTo(utc(more.get(0).modified));
                assertThat((Object[]) e2.bindings().get(2)).containsExactly(utc(created2), utc(own), utc(created2));
            } else {
                assertThat(e2.bindings()).containsExactly("d", utc(created2), 4, utc(more.get(0).modified), "e",
                        utc(own), 5, utc(more.get(0).modified), "f", utc(created2), 6, utc(more.get(0).modified));
            }
            List<Stamped> all = new ArrayList<>(objects);
            all.addAll(more);
            assertThat(storedStamps(env)).containsExactlyElementsOf(stamps(all));
        }
    }

    @DatabaseTest
    void sharedAutoNowColumnsKeepTheConflictClause(DatabaseKind db) {
        try (Env env = Env.start(db, Stamped.class)) {
            Manager<Stamped> m = env.of(Stamped.class);
            Stamped first = new Stamped("a", 1);
            m.bulkCreate(List.of(first)).block(Env.TIMEOUT);
            env.statements().clear();
            List<Stamped> objects = List.of(new Stamped("a", 50), new Stamped("b", 2));
            m.bulkCreate(objects, null, true, null, null).block(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(1);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(env.statements().sql().get(0)).isEqualTo("INSERT INTO \"stamped\" (\"name\",\"created\","
                        + "\"qty\",\"modified\") SELECT \"s\".\"name\",CAST($1 AS TIMESTAMPTZ),\"s\".\"qty\","
                        + "CAST($2 AS TIMESTAMPTZ) FROM unnest(CAST($3 AS VARCHAR(20)[]),CAST($4 AS INT[])) AS \"s\" "
                        + "(\"name\",\"qty\") ON CONFLICT DO NOTHING");
            }
            assertThat(objects.get(0).created).isEqualTo(objects.get(1).created);
            assertThat(env.query("SELECT \"name\", \"qty\" FROM \"stamped\" ORDER BY \"name\""))
                    .containsExactly(Map.of("name", "a", "qty", 1), Map.of("name", "b", "qty", 2));
            env.statements().clear();
            m.bulkCreate(List.of(new Stamped("a", 70), new Stamped("c", 3)), null, false, List.of("qty"),
                    List.of("name")).block(Env.TIMEOUT);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(env.statements().sql().get(0)).endsWith(" FROM unnest(CAST($3 AS VARCHAR(20)[]),"
                        + "CAST($4 AS INT[])) AS \"s\" (\"name\",\"qty\") ON CONFLICT (\"name\") DO UPDATE SET "
                        + "\"qty\"=EXCLUDED.\"qty\"");
            }
            assertThat(env.query("SELECT \"name\", \"qty\" FROM \"stamped\" ORDER BY \"name\""))
                    .containsExactly(Map.of("name", "a", "qty", 70), Map.of("name", "b", "qty", 2),
                            Map.of("name", "c", "qty", 3));
            // The stored instants of the second call are its objects' shared one.
            Stamped b = m.get("name", "b").block(Env.TIMEOUT);
            assertThat(b.created.toInstant()).isEqualTo(objects.get(1).created.toInstant());
            assertThat(b.modified.toInstant()).isEqualTo(objects.get(1).modified.toInstant());
        }
    }

    @dev.tortoise.model.Meta(table = "typed")
    public static class Typed extends dev.tortoise.model.Model {
        @dev.tortoise.field.IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.JSONField(nullable = true)
        public Map<String, Object> doc;
        @dev.tortoise.field.UUIDField(nullable = true)
        public java.util.UUID uuid;
        @dev.tortoise.field.DateField(nullable = true)
        public java.time.LocalDate day;
        @dev.tortoise.field.TimeField(nullable = true)
        public java.time.LocalTime time;
        @dev.tortoise.field.DatetimeField(nullable = true)
        public java.time.LocalDateTime naive;
        @dev.tortoise.field.BooleanField(nullable = true)
        public Boolean flag;
        @dev.tortoise.field.FloatField(nullable = true)
        public Double flt;
        @dev.tortoise.field.BigIntField(nullable = true)
        public Long big;
        @dev.tortoise.field.TimeDeltaField(nullable = true)
        public java.time.Duration span;

        public Typed() {
        }

        String describe() {
            return doc + "|" + uuid + "|" + day + "|" + time + "|" + naive + "|" + flag + "|" + flt + "|" + big
                    + "|" + span;
        }
    }

    @dev.tortoise.model.Meta(table = "blob")
    public static class Blob extends dev.tortoise.model.Model {
        @dev.tortoise.field.IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.BinaryField(nullable = true)
        public byte[] data;

        public Blob() {
        }
    }

    @DatabaseTest
    void everyArrayTypeRoundTripsAndBinaryKeepsValuesRows(DatabaseKind db) {
        try (Env env = Env.start(db, Typed.class, Blob.class)) {
            Typed full = new Typed();
            full.doc = new java.util.TreeMap<>(Map.of("a", List.of(1, "x,\"y}"), "n", "NULL"));
            full.uuid = java.util.UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11");
            full.day = java.time.LocalDate.of(2024, 2, 29);
            full.time = java.time.LocalTime.of(13, 14, 15, 123_456_000);
            full.naive = java.time.LocalDateTime.of(2020, 1, 2, 3, 4, 5, 999_999_000);
            full.flag = false;
            full.flt = 0.1 + 0.2;
            full.big = Long.MAX_VALUE;
            full.span = java.time.Duration.ofDays(3).plusNanos(5_000);
            List<Typed> rows = List.of(full, new Typed());
            env.of(Typed.class).bulkCreate(rows).block(Env.TIMEOUT);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(writes(env).get(0).sql()).isEqualTo(ExpectedSql.on(db, pgKeys("INSERT INTO \"typed\" (\"doc\",\"uuid\",\"day\","
                        + "\"time\",\"naive\",\"flag\",\"flt\",\"big\",\"span\") SELECT * FROM unnest(CAST($1 AS JSONB[]),"
                        + "CAST($2 AS UUID[]),CAST($3 AS DATE[]),CAST($4 AS TIME[]),CAST($5 AS TIMESTAMPTZ[]),"
                        + "CAST($6 AS BOOL[]),CAST($7 AS DOUBLE PRECISION[]),CAST($8 AS BIGINT[]),CAST($9 AS BIGINT[])) "
                        + "RETURNING \"id\"")));
            }
            List<String> expected = List.of(full.describe(), new Typed().describe());
            assertThat(env.of(Typed.class).all().orderBy("id").flux().map(Typed::describe).collectList()
                    .block(Env.TIMEOUT)).containsExactlyElementsOf(expected);
            assertThat(env.query("SELECT COUNT(*) AS \"n\" FROM \"typed\" WHERE \"doc\" IS NULL").get(0).get("n"))
                    .isIn(1, 1L);

            // bulk_update through the same arrays, values and nulls swapped.
            env.statements().clear();
            Typed empty = rows.get(1);
            empty.doc = full.doc;
            empty.day = full.day;
            full.doc = null;
            full.day = null;
            env.of(Typed.class).bulkUpdate(rows, List.of("doc", "day")).block(Env.TIMEOUT);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(env.statements().sql().get(0)).contains(ExpectedSql.on(db, "FROM unnest(CAST($1 AS INT[]),"
                        + "CAST($2 AS JSONB[]),CAST($3 AS DATE[]))"));
            }
            assertThat(env.of(Typed.class).all().orderBy("id").flux().map(t -> t.doc + "|" + t.day).collectList()
                    .block(Env.TIMEOUT)).containsExactly("null|null", empty.doc + "|" + empty.day);

            // bytea has no working array bind in the driver: VALUES rows.
            env.statements().clear();
            Blob b1 = new Blob();
            b1.data = new byte[] {0, 1, (byte) 0xff};
            env.of(Blob.class).bulkCreate(List.of(b1, new Blob())).block(Env.TIMEOUT);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(writes(env).get(0).sql()).isEqualTo(ExpectedSql.on(db, pgKeys("INSERT INTO \"blob\" (\"data\") VALUES ($1),($2) "
                        + "RETURNING \"id\"")));
            }
            assertThat(env.of(Blob.class).all().orderBy("id").flux().map(x -> java.util.Arrays.toString(x.data))
                    .collectList().block(Env.TIMEOUT)).containsExactly("[0, 1, -1]", "null");
        }
    }

    @dev.tortoise.model.Meta(table = "small_key")
    public static class SmallKey extends dev.tortoise.model.Model {
        @dev.tortoise.field.SmallIntField(primaryKey = true)
        public Short id;
        @dev.tortoise.field.CharField(maxLength = 20)
        public String name;

        public SmallKey() {
        }

        SmallKey(String name) {
            this.name = name;
        }
    }

    @dev.tortoise.model.Meta(table = "big_key")
    public static class BigKey extends dev.tortoise.model.Model {
        @dev.tortoise.field.BigIntField(primaryKey = true)
        public Long id;
        @dev.tortoise.field.CharField(maxLength = 20)
        public String name;

        public BigKey() {
        }

        BigKey(String name) {
            this.name = name;
        }
    }

    private static Map<Long, String> storedKeys(Env env, String table) {
        return env.query("SELECT \"id\", \"name\" FROM \"" + table + "\"").stream().collect(Collectors.toMap(
                r -> ((Number) r.get("id")).longValue(), r -> (String) r.get("name")));
    }

    @DatabaseTest
    void smallIntAndBigIntKeysComeBackAsTheirFieldsTypes(DatabaseKind db) {
        try (Env env = Env.start(db, SmallKey.class, BigKey.class)) {
            List<SmallKey> small = List.of(new SmallKey("s0"), new SmallKey("s1"), new SmallKey("s2"));
            env.of(SmallKey.class).bulkCreate(small).block(Env.TIMEOUT);
            // Generated keys past the int range, so that they must be read back whole.
            env.query(switch (db) {
                case POSTGRES -> "SELECT setval(pg_get_serial_sequence('big_key', 'id'), 5000000000)";
                case MARIADB -> "ALTER TABLE \"big_key\" AUTO_INCREMENT = 5000000001";
                default -> "ALTER TABLE \"big_key\" ALTER COLUMN \"id\" RESTART WITH 5000000001";
            });
            env.statements().clear();
            List<BigKey> big = List.of(new BigKey("b0"), new BigKey("b1"), new BigKey("b2"));
            env.of(BigKey.class).bulkCreate(big).block(Env.TIMEOUT);
            if (db == DatabaseKind.POSTGRES) {
                assertThat(writes(env).get(0).sql()).isEqualTo(pgKeys("INSERT INTO \"big_key\" (\"name\") SELECT * "
                        + "FROM unnest(CAST($1 AS VARCHAR(20)[])) RETURNING \"id\""));
            }
            assertThat(small).allSatisfy(o -> assertThat(o.id).isInstanceOf(Short.class));
            assertThat(big).allSatisfy(o -> assertThat(o.id).isInstanceOf(Long.class));
            // Each object holds the key of its own row, in row order.
            Map<Long, String> smallRows = storedKeys(env, "small_key");
            assertThat(small).extracting(o -> smallRows.get(o.id.longValue())).containsExactly("s0", "s1", "s2");
            assertThat(small).extracting(o -> o.id - small.get(0).id).containsExactly(0, 1, 2);
            Map<Long, String> bigRows = storedKeys(env, "big_key");
            assertThat(big).extracting(o -> bigRows.get(o.id)).containsExactly("b0", "b1", "b2");
            assertThat(big).extracting(o -> o.id - big.get(0).id).containsExactly(0L, 1L, 2L);
            assertThat(big.get(0).id).isEqualTo(5_000_000_001L);
        }
    }

    @DatabaseTest
    void concurrentBulkCreatesEachReadBackTheirOwnRowsKeys(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            List<List<Account>> calls = List.of(accounts(700, "p"), accounts(700, "q"), accounts(700, "r"),
                    accounts(700, "s"));
            // Interleaved statements take interleaved keys from one sequence; one call is also split into batches.
            StepVerifier.create(reactor.core.publisher.Flux.range(0, calls.size())
                            .flatMap(i -> i == 3 ? env.of(Account.class).bulkCreate(calls.get(i), 250)
                                    : env.of(Account.class).bulkCreate(calls.get(i)), 4)
                            .map(List::size).reduce(0, Integer::sum))
                    .expectNext(2800)
                    .expectComplete().verify(Env.TIMEOUT);
            Map<Integer, String> rows = stored(env);
            assertThat(rows).hasSize(2800);
            for (List<Account> call : calls) {
                for (Account a : call) {
                    assertThat(rows.get(a.id)).as("the row of key %s", a.id).isEqualTo(a.name);
                    assertThat(a.isSaved()).isTrue();
                }
            }
        }
    }

    @DatabaseTest
    void concurrentBulkCreatesReadBackTheirOwnKeysWhenSessionsCacheSequenceValues(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            // Each session takes its keys in blocks of 20 (MariaDB's auto-increment has no such cache): a statement's
            // keys are then not contiguous, but still increase in row order, as the sorted assignment relies on.
            switch (db) {
                case POSTGRES -> env.query("SELECT setval(pg_get_serial_sequence('account', 'id'), 1, false), "
                        + "pg_get_serial_sequence('account', 'id') AS seq").forEach(r -> env.query(
                                "ALTER SEQUENCE " + r.get("seq") + " CACHE 20"));
                case H2 -> env.query("ALTER TABLE \"account\" ALTER COLUMN \"id\" SET CACHE 20");
                default -> {
                }
            }
            if (db == DatabaseKind.POSTGRES) {
                assertThat(env.query("SELECT cache_size FROM pg_sequences WHERE sequencename = 'account_id_seq' "
                        + "AND schemaname = current_schema()")).containsExactly(Map.of("cache_size", 20L));
            }
            List<List<Account>> calls = IntStream.range(0, 8).mapToObj(i -> accounts(300, "c" + i + "-"))
                    .toList();
            StepVerifier.create(reactor.core.publisher.Flux.range(0, calls.size())
                            .flatMap(i -> i % 2 == 0 ? env.of(Account.class).bulkCreate(calls.get(i), 70)
                                    : env.of(Account.class).bulkCreate(calls.get(i)), 8)
                            .map(List::size).reduce(0, Integer::sum))
                    .expectNext(2400)
                    .expectComplete().verify(Env.TIMEOUT);
            Map<Integer, String> rows = stored(env);
            assertThat(rows).hasSize(2400);
            for (List<Account> call : calls) {
                for (Account a : call) {
                    assertThat(rows.get(a.id)).as("the row of key %s", a.id).isEqualTo(a.name);
                }
            }
        }
    }

    @DatabaseTest
    void explicitKeysMoveTheGeneratorPastThemAsSaveDoes(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            Account five = new Account("five", 5);
            five.id = 5;
            List<Account> mixed = List.of(five, new Account("g1", 1), new Account("g2", 2));
            StepVerifier.create(m.bulkCreate(mixed).map(l -> l.stream().map(a -> a.id).toList()))
                    .expectNext(List.of(5, 6, 7))
                    .expectComplete().verify(Env.TIMEOUT);
            Account ten = new Account("ten", 10);
            ten.id = 10;
            Account three = new Account("three", 3);
            three.id = 3;
            StepVerifier.create(m.bulkCreate(List.of(ten, three), 1).then(m.create("name", "next", "balance", 0))
                            .map(a -> a.id))
                    .expectNext(11)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(stored(env)).isEqualTo(Map.of(3, "three", 5, "five", 6, "g1", 7, "g2", 10, "ten",
                    11, "next"));
            // Moving the generator (DDL on H2) leaves the call atomic: a later group's failure keeps nothing.
            Account explicit = new Account("twenty", 20);
            explicit.id = 20;
            StepVerifier.create(m.bulkCreate(List.of(explicit, new Account("g1", 0))))
                    .expectError(IntegrityError.class)
                    .verify(Env.TIMEOUT);
            assertThat(env.countRows("account")).isEqualTo(6);
        }
    }

    public enum Tint implements dev.tortoise.field.StringValuedEnum {
        RED("red"), DARK_BLUE("dark \"blue\"");

        private final String value;

        Tint(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    public enum Rank implements dev.tortoise.field.IntValuedEnum {
        LOW(-1), HIGH(300);

        private final int value;

        Rank(int value) {
            this.value = value;
        }

        @Override
        public int value() {
            return value;
        }
    }

    @dev.tortoise.model.Meta(table = "tricky")
    public static class Tricky extends dev.tortoise.model.Model {
        @dev.tortoise.field.IntField(primaryKey = true)
        public Integer id;
        @dev.tortoise.field.CharField(maxLength = 30, nullable = true)
        public String chr;
        @dev.tortoise.field.TextField(nullable = true)
        public String txt;
        @dev.tortoise.field.SmallIntField(nullable = true)
        public Short small;
        @dev.tortoise.field.IntField(nullable = true)
        public Integer num;
        @dev.tortoise.field.BigIntField(nullable = true)
        public Long big;
        @dev.tortoise.field.JSONField(nullable = true)
        public Map<String, Object> doc;
        @dev.tortoise.field.CharEnumField(nullable = true)
        public Tint colour;
        @dev.tortoise.field.IntEnumField(nullable = true)
        public Rank level;

        public Tricky() {
        }

        Tricky(String chr, String txt, Short small, Integer num, Long big, Map<String, Object> doc,
               Tint colour, Rank level) {
            this.chr = chr;
            this.txt = txt;
            this.small = small;
            this.num = num;
            this.big = big;
            this.doc = doc;
            this.colour = colour;
            this.level = level;
        }

        String describe() {
            return chr + "|" + txt + "|" + small + "|" + num + "|" + big + "|" + doc + "|" + colour + "|" + level;
        }
    }

    @DatabaseTest
    void textAndIntegerColumnsKeepEveryCharacterNullAndBoundThroughBulkCreateAndBulkUpdate(DatabaseKind db) {
        try (Env env = Env.start(db, Tricky.class)) {
            var red = Tint.RED;
            var blue = Tint.DARK_BLUE;
            var low = Rank.LOW;
            var high = Rank.HIGH;
            // One key: jsonb keeps its own key order.
            Map<String, Object> doc = Map.of("q", "say \"hi\" \\ {a,b}");
            List<Tricky> rows = new ArrayList<>(List.of(
                    new Tricky("a\"b", "back\\slash", Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, doc, red, low),
                    new Tricky("NULL", "", Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Map.of(), blue, high),
                    new Tricky(null, null, null, null, null, null, null, null),
                    new Tricky(" x ,}{", "é ü € \t\n end", (short) 0, 0, 0L, Map.of("k", List.of(1, "two")), red, high),
                    new Tricky("", "NULL", (short) -1, -1, -1L, null, null, low)));
            env.of(Tricky.class).bulkCreate(rows).block(Env.TIMEOUT);
            if (db == DatabaseKind.POSTGRES) {
                StatementEvent e = writes(env).get(0);
                assertThat(e.sql()).isEqualTo(pgKeys("INSERT INTO \"tricky\" (\"chr\",\"txt\",\"small\",\"num\","
                        + "\"big\",\"doc\",\"colour\",\"level\") SELECT * FROM unnest(CAST($1 AS VARCHAR(30)[]),"
                        + "CAST($2 AS TEXT[]),CAST($3 AS SMALLINT[]),CAST($4 AS INT[]),CAST($5 AS BIGINT[]),"
                        + "CAST($6 AS JSONB[]),CAST($7 AS VARCHAR(11)[]),CAST($8 AS SMALLINT[])) RETURNING \"id\""));
                assertThat(e.bindings().get(0)).isEqualTo("{\"a\\\"b\",\"NULL\",NULL,\" x ,}{\",\"\"}");
                assertThat(e.bindings().get(2)).isEqualTo("{-32768,32767,NULL,0,-1}");
                assertThat(e.bindings().get(4)).isEqualTo("{-9223372036854775808,9223372036854775807,NULL,0,-1}");
            }
            List<String> expected = rows.stream().map(Tricky::describe).toList();
            assertThat(env.of(Tricky.class).all().orderBy("id").flux().map(Tricky::describe).collectList()
                    .block(Env.TIMEOUT)).containsExactlyElementsOf(expected);
            // bulk_update sends the same columns the same way: swap the values of rows 0 and 1, null row 3's.
            List<Tricky> stored = env.of(Tricky.class).all().orderBy("id").flux().collectList().block(Env.TIMEOUT);
            Tricky a = stored.get(0);
            Tricky b = stored.get(1);
            Tricky changedA = new Tricky(b.chr, b.txt, b.small, b.num, b.big, b.doc, b.colour, b.level);
            Tricky changedB = new Tricky(a.chr, a.txt, a.small, a.num, a.big, a.doc, a.colour, a.level);
            changedA.id = a.id;
            changedB.id = b.id;
            Tricky nulled = new Tricky(null, null, null, null, null, null, null, null);
            nulled.id = stored.get(3).id;
            List<String> fields = List.of("chr", "txt", "small", "num", "big", "doc", "colour", "level");
            StepVerifier.create(env.of(Tricky.class).bulkUpdate(List.of(changedA, changedB, nulled), fields))
                    .expectNext(3L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.of(Tricky.class).all().orderBy("id").flux().map(Tricky::describe).collectList()
                    .block(Env.TIMEOUT)).containsExactly(expected.get(1), expected.get(0), expected.get(2),
                    nulled.describe(), expected.get(4));
        }
    }

    @DatabaseTest
    void batchSizeSplitsTheStatements(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            env.of(Account.class).bulkCreate(accounts(10, "b"), 3).block(Env.TIMEOUT);
            assertThat(writes(env)).extracting(StatementEvent::operation).containsExactly("insert", "insert",
                    "insert", "insert");
            assertThat(writes(env)).extracting(w -> w.bindings().size()).containsExactlyElementsOf((db == DatabaseKind.POSTGRES)
                    ? List.of(2, 2, 2, 2) : List.of(6, 6, 6, 2));
            assertThat(writes(env).get(3).sql()).as("a batch of one row is a plain VALUES row")
                    .contains(ExpectedSql.on(db, " VALUES ($1,$2)"));
            assertThat(env.countRows("account")).isEqualTo(10);
        }
    }

    @DatabaseTest
    void batchesStayUnderTheBindParameterLimit(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            List<Account> objects = accounts(40_000, "n");
            env.of(Account.class).bulkCreate(objects).block(Env.TIMEOUT);
            // Batches are sized by the bind limit at 2 binds per row: 65,535 / 2 = 32,767 rows per statement on
            // PostgreSQL (sent as 2 arrays), 32,000 / 2 on H2.
            List<Integer> rows = writes(env).stream().map(w -> (db == DatabaseKind.POSTGRES)
                    ? ((String) w.bindings().get(1)).split(",").length : w.bindings().size() / 2).toList();
            // MariaDB: VALUES rows under its 65,535-parameter limit
            assertThat(rows).containsExactlyElementsOf(db != DatabaseKind.H2 ? List.of(32_767, 7_233)
                    : List.of(16_000, 16_000, 8_000));
            assertThat(env.countRows("account")).isEqualTo(40_000);
            assertThat(objects.get(39_999).id).isNotNull();
            assertThat(stored(env).get(objects.get(39_999).id)).isEqualTo("n39999");
        }
    }

    @DatabaseTest
    void aDuplicateAtRow7777Of10000LeavesNoRows(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            List<Account> objects = accounts(10_000, "d");
            objects.get(7_776).name = "d1";
            StepVerifier.create(m.bulkCreate(objects))
                    .expectError(IntegrityError.class)
                    .verify(Env.TIMEOUT);
            assertThat(writes(env)).hasSize(1);
            assertThat(env.countRows("account")).isZero();

            env.statements().clear();
            StepVerifier.create(m.bulkCreate(objects, 1000))
                    .expectError(IntegrityError.class)
                    .verify(Env.TIMEOUT);
            assertThat(writes(env)).as("batches 1..7 succeed, the 8th fails, nothing after it").hasSize(8);
            assertThat(env.countRows("account")).isZero();
        }
    }

    @DatabaseTest
    void ignoreConflictsSkipsRowsThatClashWithAUniqueKey(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            m.bulkCreate(List.of(new Account("a", 50), new Account("b", 2)), null, true, null, null)
                    .block(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(1);
            assertThat(env.statements().sql().get(0)).isEqualTo(ExpectedSql.on(db, db == DatabaseKind.MARIADB
                    ? "INSERT IGNORE INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2),($3,$4)"
                    : (db == DatabaseKind.POSTGRES)
                    ? "INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS VARCHAR(100)[]),"
                    + "CAST($2 AS INT[])) ON CONFLICT DO NOTHING"
                    : "MERGE INTO \"account\" \"t\" USING (SELECT \"name\",\"balance\" FROM (SELECT \"v\".*,"
                    + "ROW_NUMBER() OVER (PARTITION BY \"name\" ORDER BY \"tortoise_row\") AS \"tortoise_first0\" FROM "
                    + "(VALUES (CAST($1 AS VARCHAR(100)),CAST($2 AS INT),0),(CAST($3 AS VARCHAR(100)),CAST($4 AS INT),1)) "
                    + "\"v\" (\"name\",\"balance\",\"tortoise_row\")) \"w\" WHERE (\"tortoise_first0\"=1 OR "
                    + "\"name\" IS NULL)) \"s\" (\"name\",\"balance\") ON "
                    + "(\"t\".\"name\"=\"s\".\"name\") WHEN NOT MATCHED THEN INSERT (\"name\",\"balance\") VALUES "
                    + "(\"s\".\"name\",\"s\".\"balance\")"));
            assertThat(env.query("SELECT \"name\", \"balance\" FROM \"account\" ORDER BY \"name\""))
                    .containsExactly(Map.of("name", "a", "balance", 1), Map.of("name", "b", "balance", 2));
        }
    }

    @DatabaseTest
    void onConflictWithUpdateFieldsUpserts(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            m.bulkCreate(List.of(new Account("a", 50), new Account("b", 2)), null, false, List.of("balance"),
                    List.of("name")).block(Env.TIMEOUT);
            assertThat(env.statements().count()).isEqualTo(1);
            assertThat(env.statements().sql().get(0)).isEqualTo(ExpectedSql.on(db, db == DatabaseKind.MARIADB
                    // MariaDB has no conflict target: a clash on any unique key updates
                    ? "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2),($3,$4) ON DUPLICATE KEY UPDATE "
                    + "\"balance\"=VALUES(\"balance\")"
                    : (db == DatabaseKind.POSTGRES)
                    ? "INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS VARCHAR(100)[]),"
                    + "CAST($2 AS INT[])) ON CONFLICT (\"name\") DO UPDATE SET \"balance\"=EXCLUDED.\"balance\""
                    : "MERGE INTO \"account\" \"t\" USING (VALUES (CAST($1 AS VARCHAR(100)),CAST($2 AS INT)),"
                    + "(CAST($3 AS VARCHAR(100)),CAST($4 AS INT))) \"s\" (\"name\",\"balance\") ON "
                    + "(\"t\".\"name\"=\"s\".\"name\") WHEN MATCHED THEN UPDATE SET \"balance\"=\"s\".\"balance\" "
                    + "WHEN NOT MATCHED THEN INSERT (\"name\",\"balance\") VALUES (\"s\".\"name\",\"s\".\"balance\")"));
            List<Object> b = env.statements().events().get(0).bindings();
            if (db == DatabaseKind.POSTGRES) {
                assertThat(b).containsExactly("{\"a\",\"b\"}", "{50,2}");
            } else {
                assertThat(b).containsExactly("a", 50, "b", 2);
            }
            assertThat(env.query("SELECT \"name\", \"balance\" FROM \"account\" ORDER BY \"name\""))
                    .containsExactly(Map.of("name", "a", "balance", 50), Map.of("name", "b", "balance", 2));
        }
    }

    /** on_conflict on the generated key, updating {@code balance}. */
    private static final BulkCreateOptions UPSERT_ON_ID = BulkCreateOptions.defaults().onConflict("id")
            .updateFields("balance");

    private static List<Map<String, Object>> namesAndBalances(Env env) {
        return env.query("SELECT \"name\", \"balance\" FROM \"account\" ORDER BY \"name\"");
    }

    @DatabaseTest
    void onConflictOnAGeneratedKeyTheRowsLeaveOutInsertsEveryRowAsPostgresDoes(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            List<Account> objects = List.of(new Account("b", 2), new Account("c", 3), new Account("d", 4));
            StepVerifier.create(m.bulkCreate(objects, UPSERT_ON_ID.batchSize(2)).map(List::size))
                    .expectNext(3)
                    .expectComplete().verify(Env.TIMEOUT);
            // A new generated key cannot conflict: PostgreSQL and MariaDB keep their conflict clause, H2 has no
            // key to match the rows on and inserts them plainly.
            String twoRows = switch (db) {
                case POSTGRES -> "INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS "
                        + "VARCHAR(100)[]),CAST($2 AS INT[])) ON CONFLICT (\"id\") DO UPDATE SET \"balance\"=EXCLUDED.\"balance\"";
                case MARIADB -> "INSERT INTO `account` (`name`,`balance`) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE "
                        + "`balance`=VALUES(`balance`)";
                case H2 -> "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2),($3,$4)";
            };
            String oneRow = switch (db) {
                case POSTGRES -> "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2) ON CONFLICT (\"id\") "
                        + "DO UPDATE SET \"balance\"=EXCLUDED.\"balance\"";
                case MARIADB -> "INSERT INTO `account` (`name`,`balance`) VALUES (?,?) ON DUPLICATE KEY UPDATE "
                        + "`balance`=VALUES(`balance`)";
                case H2 -> "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2)";
            };
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactly(twoRows, oneRow);
            assertThat(writes(env)).extracting(StatementEvent::bindings).containsExactly(
                    db == DatabaseKind.POSTGRES ? List.of("{\"b\",\"c\"}", "{2,3}") : List.of("b", 2, "c", 3),
                    List.of("d", 4));
            // As on PostgreSQL: no key is written back and the objects stay unsaved.
            assertThat(objects).extracting(a -> a.id).containsExactly(null, null, null);
            assertThat(objects).extracting(Account::isSaved).containsExactly(false, false, false);
            assertThat(namesAndBalances(env)).containsExactly(Map.of("name", "a", "balance", 1),
                    Map.of("name", "b", "balance", 2), Map.of("name", "c", "balance", 3),
                    Map.of("name", "d", "balance", 4));
            assertThat(stored(env).keySet()).containsExactlyInAnyOrder(1, 2, 3, 4);
        }
    }

    @DatabaseTest
    void onConflictOnTheKeyUpdatesRowsThatGiveItAndInsertsRowsThatLeaveItOut(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            Account given = account(1, "a");
            given.balance = 10;
            Account left = new Account("n", 5);
            Account givenNew = account(7, "g");
            List<Account> objects = List.of(left, given, givenNew);
            m.bulkCreate(objects, UPSERT_ON_ID).block(Env.TIMEOUT);
            // Rows giving the key go first, the generator is moved past them (PostgreSQL, H2), then the others.
            assertThat(writes(env)).hasSize(db == DatabaseKind.MARIADB ? 2 : 3);
            assertThat(writes(env).get(0).sql()).isEqualTo(switch (db) {
                case POSTGRES -> "INSERT INTO \"account\" (\"id\",\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS "
                        + "INT[]),CAST($2 AS VARCHAR(100)[]),CAST($3 AS INT[])) ON CONFLICT (\"id\") DO UPDATE SET "
                        + "\"balance\"=EXCLUDED.\"balance\"";
                case MARIADB -> "INSERT INTO `account` (`id`,`name`,`balance`) VALUES (?,?,?),(?,?,?) ON DUPLICATE KEY "
                        + "UPDATE `balance`=VALUES(`balance`)";
                case H2 -> "MERGE INTO \"account\" \"t\" USING (VALUES (CAST($1 AS INT),CAST($2 AS VARCHAR(100)),"
                        + "CAST($3 AS INT)),(CAST($4 AS INT),CAST($5 AS VARCHAR(100)),CAST($6 AS INT))) \"s\" (\"id\",\"name\","
                        + "\"balance\") ON (\"t\".\"id\"=\"s\".\"id\") WHEN MATCHED THEN UPDATE SET \"balance\"=\"s\".\"balance\" "
                        + "WHEN NOT MATCHED THEN INSERT (\"id\",\"name\",\"balance\") VALUES (\"s\".\"id\",\"s\".\"name\","
                        + "\"s\".\"balance\")";
            });
            assertThat(writes(env).get(writes(env).size() - 1).sql()).isEqualTo(switch (db) {
                case POSTGRES -> "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2) ON CONFLICT (\"id\") "
                        + "DO UPDATE SET \"balance\"=EXCLUDED.\"balance\"";
                case MARIADB -> "INSERT INTO `account` (`name`,`balance`) VALUES (?,?) ON DUPLICATE KEY UPDATE "
                        + "`balance`=VALUES(`balance`)";
                case H2 -> "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2)";
            });
            assertThat(objects).extracting(a -> a.id).containsExactly(null, 1, 7);
            assertThat(objects).extracting(Account::isSaved).containsExactly(false, true, true);
            assertThat(namesAndBalances(env)).containsExactly(Map.of("name", "a", "balance", 10),
                    Map.of("name", "g", "balance", 0), Map.of("name", "n", "balance", 5));
            assertThat(stored(env)).containsEntry(1, "a").containsEntry(7, "g").hasSize(3);
            assertThat(stored(env).entrySet()).filteredOn(e -> e.getValue().equals("n"))
                    .allSatisfy(e -> assertThat(e.getKey()).isGreaterThan(7));
        }
    }

    @DatabaseTest
    void onConflictOnAUniqueColumnTheRowsGiveUpdatesAcrossBatches(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            // The second batch's "b" conflicts with the row the first batch inserted.
            List<Account> objects = List.of(new Account("b", 2), new Account("a", 50), new Account("b", 7));
            m.bulkCreate(objects, BulkCreateOptions.defaults().onConflict("name").updateFields("balance").batchSize(2))
                    .block(Env.TIMEOUT);
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactly(switch (db) {
                case POSTGRES -> "INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS "
                        + "VARCHAR(100)[]),CAST($2 AS INT[])) ON CONFLICT (\"name\") DO UPDATE SET "
                        + "\"balance\"=EXCLUDED.\"balance\"";
                case MARIADB -> "INSERT INTO `account` (`name`,`balance`) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE "
                        + "`balance`=VALUES(`balance`)";
                case H2 -> "MERGE INTO \"account\" \"t\" USING (VALUES (CAST($1 AS VARCHAR(100)),CAST($2 AS INT)),"
                        + "(CAST($3 AS VARCHAR(100)),CAST($4 AS INT))) \"s\" (\"name\",\"balance\") ON "
                        + "(\"t\".\"name\"=\"s\".\"name\") WHEN MATCHED THEN UPDATE SET \"balance\"=\"s\".\"balance\" "
                        + "WHEN NOT MATCHED THEN INSERT (\"name\",\"balance\") VALUES (\"s\".\"name\",\"s\".\"balance\")";
            }, switch (db) {
                case POSTGRES -> "INSERT INTO \"account\" (\"name\",\"balance\") VALUES ($1,$2) ON CONFLICT (\"name\") "
                        + "DO UPDATE SET \"balance\"=EXCLUDED.\"balance\"";
                case MARIADB -> "INSERT INTO `account` (`name`,`balance`) VALUES (?,?) ON DUPLICATE KEY UPDATE "
                        + "`balance`=VALUES(`balance`)";
                case H2 -> "MERGE INTO \"account\" \"t\" USING (VALUES (CAST($1 AS VARCHAR(100)),CAST($2 AS INT))) "
                        + "\"s\" (\"name\",\"balance\") ON (\"t\".\"name\"=\"s\".\"name\") WHEN MATCHED THEN UPDATE SET "
                        + "\"balance\"=\"s\".\"balance\" WHEN NOT MATCHED THEN INSERT (\"name\",\"balance\") VALUES "
                        + "(\"s\".\"name\",\"s\".\"balance\")";
            });
            assertThat(objects).extracting(a -> a.id).containsExactly(null, null, null);
            assertThat(namesAndBalances(env)).containsExactly(Map.of("name", "a", "balance", 50),
                    Map.of("name", "b", "balance", 7));
        }
    }

    @DatabaseTest
    void onConflictOnTheKeyLeavesAClashOnAnotherUniqueColumnAnIntegrityErrorExceptOnMariaDb(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            List<Account> objects = List.of(new Account("z", 9), new Account("a", 50));
            if (db == DatabaseKind.MARIADB) {
                // MariaDB has no conflict target: a clash on any unique key updates the row.
                m.bulkCreate(objects, UPSERT_ON_ID).block(Env.TIMEOUT);
                assertThat(namesAndBalances(env)).containsExactly(Map.of("name", "a", "balance", 50),
                        Map.of("name", "z", "balance", 9));
                return;
            }
            // PostgreSQL's ON CONFLICT ("id") arbitrates on the key only; H2 inserts plainly: both fail on "name".
            StepVerifier.create(m.bulkCreate(objects, UPSERT_ON_ID))
                    .expectError(IntegrityError.class)
                    .verify(Env.TIMEOUT);
            assertThat(namesAndBalances(env)).containsExactly(Map.of("name", "a", "balance", 1));
        }
    }

    @DatabaseTest
    void contradictoryBulkCreateOptionsAreParamsErrors(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            List<Account> one = List.of(new Account("x", 1));
            StepVerifier.create(m.bulkCreate(one, null, true, List.of("balance"), List.of("name")))
                    .expectErrorMatches(e -> e instanceof ParamsError
                            && e.getMessage().equals("ignore_conflicts and update_fields are mutually exclusive."))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.bulkCreate(one, null, false, List.of("balance"), null))
                    .expectErrorMatches(e -> e instanceof ParamsError
                            && e.getMessage().equals("update_fields and on_conflict need set in same time."))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.bulkCreate(one, null, false, null, List.of("name")))
                    .expectErrorMessage("update_fields and on_conflict need set in same time.")
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.bulkCreate(one, 0))
                    .expectErrorMessage("Batch size must be a positive integer.")
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.bulkCreate(List.of()).map(List::size))
                    .expectNext(0)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isZero();
        }
    }

    @DatabaseTest
    void bulkUpdateUsesOneJoinStatementPerBatch(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            List<Account> objects = accounts(5, "u");
            m.bulkCreate(objects).block(Env.TIMEOUT);
            env.statements().clear();
            for (Account a : objects) {
                a.balance = a.balance * 10;
                a.name = "renamed-" + a.name;
            }
            StepVerifier.create(m.bulkUpdate(objects, List.of("balance")))
                    .expectNext(5L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.statements().sql()).hasSize(1);
            StatementEvent e = env.statements().events().get(0);
            Integer first = objects.get(0).id;
            if (db == DatabaseKind.POSTGRES) {
                assertThat(e.sql()).isEqualTo(ExpectedSql.on(db, "UPDATE \"account\" \"t\" SET \"balance\"=\"s\".\"balance\" FROM "
                        + "unnest(CAST($1 AS INT[]),CAST($2 AS INT[])) AS \"s\" (\"id\",\"balance\") WHERE "
                        + "\"t\".\"id\"=\"s\".\"id\""));
                assertThat(e.bindings()).containsExactly("{" + first + "," + (first + 1) + "," + (first + 2) + ","
                        + (first + 3) + "," + (first + 4) + "}", "{0,10,20,30,40}");
            } else if (db == DatabaseKind.MARIADB) {
                assertThat(e.sql()).isEqualTo(ExpectedSql.on(db, "UPDATE \"account\" \"t\" JOIN (SELECT $1 AS \"id\",$2 AS "
                        + "\"balance\"" + " UNION ALL SELECT $3,$4".repeat(4) + ") \"s\" ON \"t\".\"id\"=\"s\".\"id\" SET "
                        + "\"t\".\"balance\"=\"s\".\"balance\""));
                assertThat(e.bindings().subList(0, 4)).containsExactly(first, 0, first + 1, 10);
            } else {
                String rows = IntStream.range(0, 5).mapToObj(i -> "(CAST($" + (2 * i + 1) + " AS INT),CAST($"
                        + (2 * i + 2) + " AS INT))").collect(Collectors.joining(","));
                assertThat(e.sql()).isEqualTo(ExpectedSql.on(db, "MERGE INTO \"account\" \"t\" USING (VALUES " + rows + ") \"s\" "
                        + "(\"id\",\"balance\") ON \"t\".\"id\"=\"s\".\"id\" WHEN MATCHED THEN UPDATE SET "
                        + "\"balance\"=\"s\".\"balance\""));
                assertThat(e.bindings().subList(0, 4)).containsExactly(first, 0, first + 1, 10);
            }
            assertThat(env.query("SELECT \"name\", \"balance\" FROM \"account\" ORDER BY \"id\""))
                    .extracting(r -> r.get("name") + "=" + r.get("balance"))
                    .containsExactly("u0=0", "u1=10", "u2=20", "u3=30", "u4=40");

            env.statements().clear();
            objects.forEach(a -> a.balance = -a.balance);
            StepVerifier.create(m.bulkUpdate(objects, List.of("balance", "name"), 2))
                    .expectNext(5L)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env)).hasSize(3);
            assertThat(env.query("SELECT \"name\", \"balance\" FROM \"account\" ORDER BY \"id\""))
                    .extracting(r -> r.get("name") + "=" + r.get("balance"))
                    .containsExactly("renamed-u0=0", "renamed-u1=-10", "renamed-u2=-20", "renamed-u3=-30",
                            "renamed-u4=-40");
        }
    }

    @DatabaseTest
    void bulkUpdateNeedsPrimaryKeysAndFields(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            List<Account> objects = new ArrayList<>(accounts(2, "p"));
            StepVerifier.create(m.bulkUpdate(objects, List.of("balance")))
                    .expectErrorMatches(e -> e instanceof ParamsError
                            && e.getMessage().equals("All bulk_update() objects must have a primary key set."))
                    .verify(Env.TIMEOUT);
            m.bulkCreate(objects).block(Env.TIMEOUT);
            StepVerifier.create(m.bulkUpdate(objects, List.of()))
                    .expectError(ParamsError.class)
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.bulkUpdate(objects, List.of("nope")))
                    .expectError(FieldError.class)
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.bulkUpdate(List.of(), List.of("balance")))
                    .expectNext(0L)
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void inBulkMapsInstancesByPrimaryKeyOrUniqueField(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            List<Account> objects = accounts(4, "i");
            m.bulkCreate(objects).block(Env.TIMEOUT);
            StepVerifier.create(m.inBulk(List.of(objects.get(0).id, objects.get(2).id, 99_999), "pk"))
                    .assertNext(map -> {
                        assertThat(map).containsOnlyKeys(objects.get(0).id, objects.get(2).id);
                        assertThat(map.get(objects.get(2).id).name).isEqualTo("i2");
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.inBulk(List.of("i1", "i3"), "name"))
                    .assertNext(map -> {
                        assertThat(map).containsOnlyKeys("i1", "i3");
                        assertThat(map.get("i3").id).isEqualTo(objects.get(3).id);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.inBulk(List.of(), "pk"))
                    .assertNext(map -> assertThat(map).isEmpty())
                    .expectComplete().verify(Env.TIMEOUT);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.inBulk(List.of(1), "balance"))
                    .isInstanceOf(FieldError.class)
                    .hasMessage("in_bulk()'s field_name must be a unique field but 'balance' isn't.");
        }
    }
}
