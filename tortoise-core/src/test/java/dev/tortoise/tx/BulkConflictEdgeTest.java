package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.IntegrityError;
import dev.tortoise.exception.OperationalError;
import dev.tortoise.execution.StatementEvent;
import dev.tortoise.field.CharField;
import dev.tortoise.field.IntField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.BulkCreateOptions;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.test.StepVerifier;

/**
 * bulk_create's conflict handling where the databases could part: a conflict key repeated inside one upsert, a
 * row skipped on one unique key that repeats another row's other key, composite keys with a NULL or a generated
 * column, a conflict target that is no unique key; each with the exact rows stored afterwards.
 */
class BulkConflictEdgeTest {

    /** Two single-column unique keys besides the generated primary key. */
    @Meta(table = "pair")
    public static class Pair extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20, unique = true)
        public String code;
        @CharField(maxLength = 20, unique = true)
        public String label;
        @IntField(defaultValue = "0")
        public Integer qty;
    }

    /** A composite unique key whose second column may be NULL. */
    @Meta(table = "slot", uniqueTogether = "name,region")
    public static class Slot extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        @CharField(maxLength = 20, nullable = true)
        public String region;
        @IntField(defaultValue = "0")
        public Integer qty;
    }

    /** A composite unique key that includes the generated primary key, so rows without a key leave part of it out. */
    @Meta(table = "badge", uniqueTogether = "id,name")
    public static class Badge extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        @IntField(defaultValue = "0")
        public Integer qty;
    }

    private static final BulkCreateOptions IGNORE = BulkCreateOptions.defaults().ignoreConflicts();
    private static final BulkCreateOptions UPSERT_NAME = BulkCreateOptions.defaults().onConflict("name")
            .updateFields("balance");

    private static List<StatementEvent> writes(Env env) {
        return env.statements().events().stream().filter(e -> !e.operation().equals("select")).toList();
    }

    private static List<String> rows(Env env, String sql, Function<Map<String, Object>, String> row) {
        return env.query(sql).stream().map(row).toList();
    }

    private static List<String> accounts(Env env) {
        return rows(env, "SELECT \"name\", \"balance\" FROM \"account\" ORDER BY \"name\"",
                r -> r.get("name") + ":" + ((Number) r.get("balance")).intValue());
    }

    private static List<String> pairs(Env env) {
        return rows(env, "SELECT \"code\", \"label\", \"qty\" FROM \"pair\" ORDER BY \"code\"",
                r -> r.get("code") + ":" + r.get("label") + ":" + ((Number) r.get("qty")).intValue());
    }

    private static List<String> slots(Env env) {
        return rows(env, "SELECT \"id\", \"name\", \"region\", \"qty\" FROM \"slot\" ORDER BY \"id\"",
                r -> ((Number) r.get("id")).intValue() + ":" + r.get("name") + ":" + r.get("region") + ":"
                        + ((Number) r.get("qty")).intValue());
    }

    private static Pair pair(Manager<Pair> m, String code, String label, int qty) {
        return m.build(Map.of("code", code, "label", label, "qty", qty));
    }

    private static Slot slot(Manager<Slot> m, String name, String region, int qty) {
        Slot s = m.build(Map.of("name", name, "qty", qty));
        s.region = region;
        return s;
    }

    private static String upsertAccountSql(DatabaseKind db, int rows) {
        StringBuilder values = new StringBuilder();
        StringBuilder typed = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            values.append(r > 0 ? "," : "").append("(?,?)");
            typed.append(r > 0 ? "," : "").append("(CAST($").append(2 * r + 1).append(" AS VARCHAR(100)),CAST($")
                    .append(2 * r + 2).append(" AS INT))");
        }
        return switch (db) {
            case POSTGRES -> "INSERT INTO \"account\" (\"name\",\"balance\") SELECT * FROM unnest(CAST($1 AS "
                    + "VARCHAR(100)[]),CAST($2 AS INT[])) ON CONFLICT (\"name\") DO UPDATE SET \"balance\"=EXCLUDED.\"balance\"";
            case MARIADB -> "INSERT INTO `account` (`name`,`balance`) VALUES " + values
                    + " ON DUPLICATE KEY UPDATE `balance`=VALUES(`balance`)";
            case H2 -> "MERGE INTO \"account\" \"t\" USING (VALUES " + typed + ") \"s\" (\"name\",\"balance\") ON "
                    + "(\"t\".\"name\"=\"s\".\"name\") WHEN MATCHED THEN UPDATE SET \"balance\"=\"s\".\"balance\" "
                    + "WHEN NOT MATCHED THEN INSERT (\"name\",\"balance\") VALUES (\"s\".\"name\",\"s\".\"balance\")";
        };
    }

    // 1. A conflict key repeated inside one upsert statement.

    @DatabaseTest
    void upsertRepeatingANewKeyInOneStatementFailsOnPostgresAndH2AndAppliesInOrderOnMariaDb(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            List<Account> objects = List.of(new Account("b", 2), new Account("c", 3), new Account("b", 7));
            var verifier = StepVerifier.create(m.bulkCreate(objects, UPSERT_NAME).map(List::size));
            switch (db) {
                case POSTGRES -> verifier.expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(OperationalError.class)
                        .hasMessage("ON CONFLICT DO UPDATE command cannot affect row a second time"))
                        .verify(Env.TIMEOUT);
                case H2 -> verifier.expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(IntegrityError.class)
                        .hasMessage("Unique index or primary key violation: \"PUBLIC.CONSTRAINT_B9 INDEX "
                                + "PUBLIC.CONSTRAINT_INDEX_B ON PUBLIC.account(name NULLS FIRST) VALUES ( /* 2 */ 'b' )\""))
                        .verify(Env.TIMEOUT);
                case MARIADB -> verifier.expectNext(3).expectComplete().verify(Env.TIMEOUT);
            }
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactly(upsertAccountSql(db, 3));
            assertThat(writes(env).get(0).bindings()).isEqualTo(db == DatabaseKind.POSTGRES
                    ? List.of("{\"b\",\"c\",\"b\"}", "{2,3,7}") : List.of("b", 2, "c", 3, "b", 7));
            // MariaDB inserts the first "b" and updates it from the second; the others write nothing.
            assertThat(accounts(env)).containsExactlyElementsOf(db == DatabaseKind.MARIADB
                    ? List.of("a:1", "b:7", "c:3") : List.of("a:1"));
        }
    }

    @DatabaseTest
    void upsertRepeatingAStoredKeyInOneStatementFailsOnPostgresAndH2AndAppliesInOrderOnMariaDb(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            var verifier = StepVerifier.create(m.bulkCreate(List.of(new Account("a", 5), new Account("a", 6)),
                    UPSERT_NAME).map(List::size));
            switch (db) {
                case POSTGRES -> verifier.expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(OperationalError.class)
                        .hasMessage("ON CONFLICT DO UPDATE command cannot affect row a second time"))
                        .verify(Env.TIMEOUT);
                case H2 -> verifier.expectErrorSatisfies(e -> assertThat(e)
                        .isExactlyInstanceOf(IntegrityError.class)
                        .hasMessage("Unique index or primary key violation: \"Merge using ON column expression, "
                                + "duplicate _ROWID_ target record already processed:_ROWID_=1:in:PUBLIC.account\""))
                        .verify(Env.TIMEOUT);
                case MARIADB -> verifier.expectNext(2).expectComplete().verify(Env.TIMEOUT);
            }
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactly(upsertAccountSql(db, 2));
            assertThat(accounts(env)).containsExactly(db == DatabaseKind.MARIADB ? "a:6" : "a:1");
        }
    }

    // 2. ignore_conflicts over two unique keys.

    @DatabaseTest
    void ignoreConflictsRowSkippedForAStoredRowDoesNotHideALaterRowRepeatingItsOtherKey(DatabaseKind db) {
        try (Env env = Env.start(db, Pair.class)) {
            Manager<Pair> m = env.of(Pair.class);
            m.create("code", "a", "label", "x", "qty", 1).block(Env.TIMEOUT);
            env.statements().clear();
            // (a,y) clashes with the stored (a,x) on code and is skipped; (b,y) repeats its label, but the skipped
            // row was never written, so nothing stops (b,y).
            StepVerifier.create(m.bulkCreate(List.of(pair(m, "a", "y", 2), pair(m, "b", "y", 3)), IGNORE)
                            .map(List::size))
                    .expectNext(2)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactly(switch (db) {
                case POSTGRES -> "INSERT INTO \"pair\" (\"code\",\"label\",\"qty\") SELECT * FROM unnest(CAST($1 AS "
                        + "VARCHAR(20)[]),CAST($2 AS VARCHAR(20)[]),CAST($3 AS INT[])) ON CONFLICT DO NOTHING";
                case MARIADB -> "INSERT IGNORE INTO `pair` (`code`,`label`,`qty`) VALUES (?,?,?),(?,?,?)";
                case H2 -> "MERGE INTO \"pair\" \"t\" USING (SELECT \"code\",\"label\",\"qty\" FROM (SELECT \"v\".*,"
                        + "ROW_NUMBER() OVER (PARTITION BY \"code\" ORDER BY \"tortoise_row\") AS \"tortoise_first0\","
                        + "ROW_NUMBER() OVER (PARTITION BY \"label\" ORDER BY \"tortoise_row\") AS \"tortoise_first1\" "
                        + "FROM (VALUES (CAST($1 AS VARCHAR(20)),CAST($2 AS VARCHAR(20)),CAST($3 AS INT),0),"
                        + "(CAST($4 AS VARCHAR(20)),CAST($5 AS VARCHAR(20)),CAST($6 AS INT),1)) \"v\" (\"code\",\"label\","
                        + "\"qty\",\"tortoise_row\") WHERE NOT EXISTS (SELECT 1 FROM \"pair\" \"d\" WHERE "
                        + "(\"d\".\"code\"=\"v\".\"code\") OR (\"d\".\"label\"=\"v\".\"label\"))) \"w\" WHERE "
                        + "(\"tortoise_first0\"=1 OR \"code\" IS NULL) AND (\"tortoise_first1\"=1 OR \"label\" IS NULL)) "
                        + "\"s\" (\"code\",\"label\",\"qty\") ON (\"t\".\"code\"=\"s\".\"code\") OR "
                        + "(\"t\".\"label\"=\"s\".\"label\") WHEN NOT MATCHED THEN INSERT (\"code\",\"label\",\"qty\") "
                        + "VALUES (\"s\".\"code\",\"s\".\"label\",\"s\".\"qty\")";
            });
            assertThat(writes(env).get(0).bindings()).isEqualTo(db == DatabaseKind.POSTGRES
                    ? List.of("{\"a\",\"b\"}", "{\"y\",\"y\"}", "{2,3}") : List.of("a", "y", 2, "b", "y", 3));
            assertThat(pairs(env)).containsExactly("a:x:1", "b:y:3");
        }
    }

    @DatabaseTest
    void ignoreConflictsRowSkippedForAnEarlierRowOfTheStatementStillHidesALaterRowOnH2Only(DatabaseKind db) {
        try (Env env = Env.start(db, Pair.class)) {
            Manager<Pair> m = env.of(Pair.class);
            // (c,w) repeats the first row's code and is skipped everywhere. PostgreSQL and MariaDB then insert
            // (d,w), whose label only the skipped row had; H2 picks the first row of each key in one pass, so
            // (c,w) still takes label w's place and (d,w) is dropped with it (documented in docs/dialects.md).
            StepVerifier.create(m.bulkCreate(List.of(pair(m, "c", "z", 4), pair(m, "c", "w", 5),
                            pair(m, "d", "w", 6)), IGNORE).map(List::size))
                    .expectNext(3)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env)).hasSize(1);
            assertThat(pairs(env)).containsExactlyElementsOf(db == DatabaseKind.H2
                    ? List.of("c:z:4") : List.of("c:z:4", "d:w:6"));
        }
    }

    // 3. Composite keys with part of the key missing.

    @DatabaseTest
    void upsertOnACompositeKeyInsertsRowsWithANullInTheKeyAndUpdatesFullKeys(DatabaseKind db) {
        try (Env env = Env.start(db, Slot.class)) {
            Manager<Slot> m = env.of(Slot.class);
            m.bulkCreate(List.of(slot(m, "a", "eu", 1), slot(m, "n", null, 1))).block(Env.TIMEOUT);
            env.statements().clear();
            BulkCreateOptions upsert = BulkCreateOptions.defaults().onConflict("name", "region").updateFields("qty");
            // A NULL region never equals another: (n,NULL) and (a,NULL) are new rows on every database.
            StepVerifier.create(m.bulkCreate(List.of(slot(m, "a", null, 2), slot(m, "n", null, 3),
                            slot(m, "a", "eu", 4), slot(m, "a", "us", 5)), upsert).map(List::size))
                    .expectNext(4)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactly(switch (db) {
                case POSTGRES -> "INSERT INTO \"slot\" (\"name\",\"region\",\"qty\") SELECT * FROM unnest(CAST($1 AS "
                        + "VARCHAR(20)[]),CAST($2 AS VARCHAR(20)[]),CAST($3 AS INT[])) ON CONFLICT (\"name\",\"region\") "
                        + "DO UPDATE SET \"qty\"=EXCLUDED.\"qty\"";
                case MARIADB -> "INSERT INTO `slot` (`name`,`region`,`qty`) VALUES (?,?,?),(?,?,?),(?,?,?),(?,?,?) "
                        + "ON DUPLICATE KEY UPDATE `qty`=VALUES(`qty`)";
                case H2 -> "MERGE INTO \"slot\" \"t\" USING (VALUES (CAST($1 AS VARCHAR(20)),CAST($2 AS VARCHAR(20)),"
                        + "CAST($3 AS INT)),(CAST($4 AS VARCHAR(20)),CAST($5 AS VARCHAR(20)),CAST($6 AS INT)),"
                        + "(CAST($7 AS VARCHAR(20)),CAST($8 AS VARCHAR(20)),CAST($9 AS INT)),(CAST($10 AS VARCHAR(20)),"
                        + "CAST($11 AS VARCHAR(20)),CAST($12 AS INT))) \"s\" (\"name\",\"region\",\"qty\") ON "
                        + "(\"t\".\"name\"=\"s\".\"name\" AND \"t\".\"region\"=\"s\".\"region\") WHEN MATCHED THEN UPDATE "
                        + "SET \"qty\"=\"s\".\"qty\" WHEN NOT MATCHED THEN INSERT (\"name\",\"region\",\"qty\") VALUES "
                        + "(\"s\".\"name\",\"s\".\"region\",\"s\".\"qty\")";
            });
            if (db == DatabaseKind.POSTGRES) {
                assertThat(writes(env).get(0).bindings()).containsExactly("{\"a\",\"n\",\"a\",\"a\"}",
                        "{NULL,NULL,\"eu\",\"us\"}", "{2,3,4,5}");
            } else {
                assertThat(writes(env).get(0).bindings()).containsExactly("a", null, 2, "n", null, 3, "a", "eu", 4,
                        "a", "us", 5);
            }
            List<String> stored = slots(env);
            assertThat(stored.subList(0, 2)).containsExactly("1:a:eu:4", "2:n:null:1");
            assertThat(stored.subList(2, stored.size())).extracting(s -> s.substring(s.indexOf(':') + 1))
                    .containsExactly("a:null:2", "n:null:3", "a:us:5");
        }
    }

    @DatabaseTest
    void upsertOnACompositeKeyWithTheGeneratedKeyLeftOutInsertsEveryRow(DatabaseKind db) {
        try (Env env = Env.start(db, Badge.class)) {
            Manager<Badge> m = env.of(Badge.class);
            m.create("name", "a", "qty", 1).block(Env.TIMEOUT);
            env.statements().clear();
            BulkCreateOptions upsert = BulkCreateOptions.defaults().onConflict("id", "name").updateFields("qty");
            StepVerifier.create(m.bulkCreate(List.of(m.build(Map.of("name", "a", "qty", 2)),
                            m.build(Map.of("name", "b", "qty", 3))), upsert).map(List::size))
                    .expectNext(2)
                    .expectComplete().verify(Env.TIMEOUT);
            // A new generated id cannot conflict: PostgreSQL's clause never fires, MariaDB has no other key to hit,
            // H2 has no complete key to match on and inserts plainly.
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactly(switch (db) {
                case POSTGRES -> "INSERT INTO \"badge\" (\"name\",\"qty\") SELECT * FROM unnest(CAST($1 AS "
                        + "VARCHAR(20)[]),CAST($2 AS INT[])) ON CONFLICT (\"id\",\"name\") DO UPDATE SET \"qty\"=EXCLUDED.\"qty\"";
                case MARIADB -> "INSERT INTO `badge` (`name`,`qty`) VALUES (?,?),(?,?) ON DUPLICATE KEY UPDATE "
                        + "`qty`=VALUES(`qty`)";
                case H2 -> "INSERT INTO \"badge\" (\"name\",\"qty\") VALUES ($1,$2),($3,$4)";
            });
            assertThat(rows(env, "SELECT \"id\", \"name\", \"qty\" FROM \"badge\" ORDER BY \"id\"",
                    r -> ((Number) r.get("id")).intValue() + ":" + r.get("name") + ":" + ((Number) r.get("qty")).intValue()))
                    .containsExactly("1:a:1", "2:a:2", "3:b:3");
        }
    }

    @DatabaseTest
    void upsertOnColumnsThatAreNoUniqueKeyFailsOnPostgresAndH2AndMatchesAnyKeyOnMariaDb(DatabaseKind db) {
        try (Env env = Env.start(db, Slot.class)) {
            Manager<Slot> m = env.of(Slot.class);
            m.bulkCreate(List.of(slot(m, "a", "eu", 1), slot(m, "a", "us", 1), slot(m, "a", null, 1)))
                    .block(Env.TIMEOUT);
            env.statements().clear();
            // "name" alone is only part of the unique key (name, region). H2's MERGE would match on it and update
            // every stored "a"; it is refused before anything is sent, as PostgreSQL refuses it.
            BulkCreateOptions upsert = BulkCreateOptions.defaults().onConflict("name").updateFields("qty");
            var verifier = StepVerifier.create(m.bulkCreate(List.of(slot(m, "a", "eu", 7), slot(m, "b", "eu", 8)),
                    upsert).map(List::size));
            if (db == DatabaseKind.MARIADB) {
                verifier.expectNext(2).expectComplete().verify(Env.TIMEOUT);
            } else {
                verifier.expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(OperationalError.class)
                        .hasMessage("there is no unique or exclusion constraint matching the ON CONFLICT specification"))
                        .verify(Env.TIMEOUT);
            }
            assertThat(writes(env)).extracting(StatementEvent::sql).containsExactlyElementsOf(switch (db) {
                case POSTGRES -> List.of("INSERT INTO \"slot\" (\"name\",\"region\",\"qty\") SELECT * FROM unnest(CAST("
                        + "$1 AS VARCHAR(20)[]),CAST($2 AS VARCHAR(20)[]),CAST($3 AS INT[])) ON CONFLICT (\"name\") DO "
                        + "UPDATE SET \"qty\"=EXCLUDED.\"qty\"");
                case MARIADB -> List.of("INSERT INTO `slot` (`name`,`region`,`qty`) VALUES (?,?,?),(?,?,?) ON DUPLICATE "
                        + "KEY UPDATE `qty`=VALUES(`qty`)");
                case H2 -> List.of();
            });
            // MariaDB updates the row matching the whole key (a,eu), whatever the conflict columns named.
            assertThat(slots(env)).containsExactlyElementsOf(db == DatabaseKind.MARIADB
                    ? List.of("1:a:eu:7", "2:a:us:1", "3:a:null:1", "4:b:eu:8")
                    : List.of("1:a:eu:1", "2:a:us:1", "3:a:null:1"));
        }
    }

    // 4. The exact rows after each upsert variant.

    @DatabaseTest
    void upsertOnTheGivenPrimaryKeyUpdatesOnlyTheNamedFieldsAndInsertsNewKeys(DatabaseKind db) {
        try (Env env = Env.start(db, Pair.class)) {
            Manager<Pair> m = env.of(Pair.class);
            m.create("code", "a", "label", "x", "qty", 1).block(Env.TIMEOUT);
            env.statements().clear();
            Pair update = pair(m, "a2", "x2", 10);
            update.id = 1;
            Pair insert = pair(m, "b", "y", 20);
            insert.id = 5;
            StepVerifier.create(m.bulkCreate(List.of(update, insert), BulkCreateOptions.defaults().onConflict("id")
                            .updateFields("qty", "label")).map(List::size))
                    .expectNext(2)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env).get(0).sql()).isEqualTo(switch (db) {
                case POSTGRES -> "INSERT INTO \"pair\" (\"id\",\"code\",\"label\",\"qty\") SELECT * FROM unnest(CAST($1 "
                        + "AS INT[]),CAST($2 AS VARCHAR(20)[]),CAST($3 AS VARCHAR(20)[]),CAST($4 AS INT[])) ON CONFLICT "
                        + "(\"id\") DO UPDATE SET \"qty\"=EXCLUDED.\"qty\",\"label\"=EXCLUDED.\"label\"";
                case MARIADB -> "INSERT INTO `pair` (`id`,`code`,`label`,`qty`) VALUES (?,?,?,?),(?,?,?,?) ON DUPLICATE "
                        + "KEY UPDATE `qty`=VALUES(`qty`),`label`=VALUES(`label`)";
                case H2 -> "MERGE INTO \"pair\" \"t\" USING (VALUES (CAST($1 AS INT),CAST($2 AS VARCHAR(20)),CAST($3 AS "
                        + "VARCHAR(20)),CAST($4 AS INT)),(CAST($5 AS INT),CAST($6 AS VARCHAR(20)),CAST($7 AS VARCHAR(20)),"
                        + "CAST($8 AS INT))) \"s\" (\"id\",\"code\",\"label\",\"qty\") ON (\"t\".\"id\"=\"s\".\"id\") WHEN "
                        + "MATCHED THEN UPDATE SET \"qty\"=\"s\".\"qty\",\"label\"=\"s\".\"label\" WHEN NOT MATCHED THEN "
                        + "INSERT (\"id\",\"code\",\"label\",\"qty\") VALUES (\"s\".\"id\",\"s\".\"code\",\"s\".\"label\","
                        + "\"s\".\"qty\")";
            });
            // code is not among update_fields: the stored row keeps "a".
            assertThat(rows(env, "SELECT \"id\", \"code\", \"label\", \"qty\" FROM \"pair\" ORDER BY \"id\"",
                    r -> ((Number) r.get("id")).intValue() + ":" + r.get("code") + ":" + r.get("label") + ":"
                            + ((Number) r.get("qty")).intValue()))
                    .containsExactly("1:a:x2:10", "5:b:y:20");
        }
    }

    @DatabaseTest
    void ignoreConflictsOnACompositeKeySkipsOnlyFullKeyClashes(DatabaseKind db) {
        try (Env env = Env.start(db, Slot.class)) {
            Manager<Slot> m = env.of(Slot.class);
            m.bulkCreate(List.of(slot(m, "a", "eu", 1), slot(m, "n", null, 1))).block(Env.TIMEOUT);
            env.statements().clear();
            StepVerifier.create(m.bulkCreate(List.of(slot(m, "a", "eu", 2), slot(m, "a", "us", 3),
                            slot(m, "n", null, 4), slot(m, "a", "us", 5)), IGNORE).map(List::size))
                    .expectNext(4)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env)).hasSize(1);
            List<String> stored = slots(env);
            assertThat(stored.subList(0, 2)).containsExactly("1:a:eu:1", "2:n:null:1");
            assertThat(stored.subList(2, stored.size())).extracting(s -> s.substring(s.indexOf(':') + 1))
                    .containsExactly("a:us:3", "n:null:4");
        }
    }
}
