package dev.tortoise.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.tx.Account;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * A closed runtime leaves nothing behind: its model metadata and the hidden classes of its attribute accessors and
 * instance factory (one set per runtime) are collected once nothing refers to them, so starting and closing
 * runtimes does not fill the metaspace.
 */
class RuntimeUnloadingTest {
    private static final int RUNTIMES = 40;

    @DatabaseTest
    void closedRuntimesLeaveTheirMetadataAndAccessorClassesCollectable(DatabaseKind db) throws Exception {
        List<WeakReference<Object>> left = new ArrayList<>();
        for (int i = 0; i < RUNTIMES; i++) {
            try (Env env = Env.start(db, Account.class)) {
                Manager<Account> m = env.of(Account.class);
                StepVerifier.create(m.create("name", "n" + i, "balance", i)
                                .then(m.get("name", "n" + i)).map(a -> a.name + ":" + a.balance))
                        .expectNext("n" + i + ":" + i)
                        .expectComplete().verify(Env.TIMEOUT);
                ModelMeta meta = m.meta();
                left.add(new WeakReference<>(meta));
                for (FieldMeta f : meta.columnFields()) {
                    assertThat(f.accessor().getClass().isHidden()).as(f.name()).isTrue();
                    left.add(new WeakReference<>(f.accessor().getClass()));
                }
            }
        }
        assertThat(left).hasSize(RUNTIMES * 4);
        long alive = left.size();
        for (int round = 0; round < 50 && alive > 0; round++) {
            System.gc();
            Thread.sleep(100);
            alive = left.stream().filter(r -> r.get() != null).count();
        }
        assertThat(alive).as("metadata and accessor classes of closed runtimes still reachable").isZero();
    }
}
