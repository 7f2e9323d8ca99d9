package dev.tortoise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessTest {
    @Test
    void bareJoinIsAnInnerJoinAndOuterIsImpliedByLeft() {
        assertThat(Fairness.joinTypes("SELECT * FROM a JOIN b ON b.id = a.b_id")).containsExactly("INNER JOIN");
        assertThat(Fairness.joinTypes("select * from a inner join b on true left join c on true")).containsExactly(
                "INNER JOIN", "LEFT OUTER JOIN");
        assertThat(Fairness.joinTypes("SELECT * FROM a LEFT OUTER JOIN b ON true RIGHT JOIN c ON true FULL JOIN d "
                + "ON true CROSS JOIN e")).containsExactly("LEFT OUTER JOIN", "RIGHT OUTER JOIN", "FULL OUTER JOIN",
                "CROSS JOIN");
        assertThat(Fairness.joinTypes("SELECT * FROM a")).isEmpty();
    }

    @Test
    void joinWordsInsideQuotesAreNotJoins() {
        assertThat(Fairness.joinTypes("SELECT \"left join\" FROM \"a join\" WHERE x = 'JOIN' LEFT OUTER JOIN b ON true"))
                .containsExactly("LEFT OUTER JOIN");
    }

    @Test
    void sameJoinsFailsWhenOneContenderUsesAnotherJoinType() {
        Map<Contender, String> sql = new LinkedHashMap<>();
        sql.put(Contender.RAW, "SELECT c.id FROM c INNER JOIN p ON p.id = c.p");
        sql.put(Contender.TORTOISE, "SELECT \"c\".\"id\" FROM \"c\" LEFT OUTER JOIN \"p\" ON \"p\".\"id\"=\"c\".\"p\"");
        Fairness.Check check = Fairness.sameJoins("S", sql);
        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).startsWith("raw: INNER JOIN (`SELECT c.id FROM c INNER JOIN p ON p.id = c.p`); "
                + "tortoise: LEFT OUTER JOIN (`");

        sql.put(Contender.TORTOISE, "SELECT \"c\".\"id\" FROM \"c\" JOIN \"p\" ON \"p\".\"id\"=\"c\".\"p\"");
        assertThat(Fairness.sameJoins("S", sql).ok()).isTrue();
    }

    @Test
    void statementsWithoutJoinsAreNotTheSameJoins() {
        assertThat(Fairness.sameJoins("S", Map.of(Contender.RAW, "SELECT 1")).ok()).isFalse();
        assertThat(Fairness.sameJoins("S", Map.of(Contender.RAW, "SELECT 1")).detail()).isEqualTo(
                "raw: no join (`SELECT 1`)");
    }
}
