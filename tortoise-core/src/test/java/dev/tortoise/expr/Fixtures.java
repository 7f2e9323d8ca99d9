package dev.tortoise.expr;

import dev.tortoise.testing.Env;
import java.math.BigDecimal;
import java.util.List;

/** Rows shared by the expression tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** Ann (rating 4, team 1, prize 10.25), Bob (3, team 1, 20.50), Cid (3, team 2, no prize). */
    static List<Score> scores(Env env) {
        Score ann = env.of(Score.class).create("name", "Ann", "rating", 4, "team", 1, "prize",
                new BigDecimal("10.25"), "weight", 1.5).block(Env.TIMEOUT);
        Score bob = env.of(Score.class).create("name", "Bob", "rating", 3, "team", 1, "prize",
                new BigDecimal("20.50")).block(Env.TIMEOUT);
        Score cid = env.of(Score.class).create("name", " Cid ", "rating", 3, "team", 2, "weight", 2.0)
                .block(Env.TIMEOUT);
        env.statements().clear();
        return List.of(ann, bob, cid);
    }
}
