package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.query.BulkCreateOptions;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import java.util.List;
import java.util.Map;
import reactor.test.StepVerifier;

/** Review of the H2 upsert change (d5164dd): the same bulk_create calls on h2, postgres and mariadb. */
class BulkUpsertReviewTest {

    private static List<Map<String, Object>> namesAndBalances(Env env) {
        return env.query("SELECT \"name\", \"balance\" FROM \"account\" ORDER BY \"name\"");
    }

    private static List<StatementEvent> writes(Env env) {
        return env.statements().events().stream().filter(e -> !e.operation().equals("select")).toList();
    }

    @DatabaseTest
    void ignoreConflictsSkipsARowThatClashesWithAnEarlierRowOfTheSameStatement(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            env.statements().clear();
            // The key is generated and left out: do-nothing matches on "name" only. "b" comes twice in one statement.
            List<Account> objects = List.of(new Account("b", 2), new Account("a", 50), new Account("b", 7));
            StepVerifier.create(m.bulkCreate(objects, BulkCreateOptions.defaults().ignoreConflicts()).map(List::size))
                    .expectNext(3)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(writes(env)).hasSize(1);
            // PostgreSQL's ON CONFLICT DO NOTHING and MariaDB's INSERT IGNORE skip the second "b" too.
            assertThat(namesAndBalances(env)).containsExactly(Map.of("name", "a", "balance", 1),
                    Map.of("name", "b", "balance", 2));
            assertThat(objects).extracting(a -> a.id).containsExactly(null, null, null);
        }
    }

    @DatabaseTest
    void ignoreConflictsWithTheKeyGivenSkipsRowsRepeatingEitherUniqueKeyOfAnEarlierRow(DatabaseKind db) {
        try (Env env = Env.start(db, Account.class)) {
            Manager<Account> m = env.of(Account.class);
            m.create("name", "a", "balance", 1).block(Env.TIMEOUT);
            // Do-nothing matches on "id" and on "name": the second row repeats the first's id, the third its name,
            // the fourth clashes with the stored row "a".
            List<Account> objects = List.of(account(5, "x", 1), account(5, "y", 2), account(6, "x", 3),
                    account(7, "a", 4), account(8, "z", 5));
            StepVerifier.create(m.bulkCreate(objects, BulkCreateOptions.defaults().ignoreConflicts()).map(List::size))
                    .expectNext(5)
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.query("SELECT \"id\", \"name\", \"balance\" FROM \"account\" ORDER BY \"id\""))
                    .extracting(r -> ((Number) r.get("id")).intValue() + ":" + r.get("name") + ":"
                            + ((Number) r.get("balance")).intValue())
                    .containsExactly("1:a:1", "5:x:1", "8:z:5");
        }
    }

    private static Account account(int id, String name, int balance) {
        Account a = new Account(name, balance);
        a.id = id;
        return a;
    }
}
