package dev.tortoise.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.query.Manager;
import dev.tortoise.query.QuerySet;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.tx.Account;
import dev.tortoise.testing.TestSupport.OwnLoader;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import reactor.test.StepVerifier;

/**
 * A closed runtime leaves nothing behind: its model metadata and the hidden classes of its attribute accessors and
 * instance factory (one set per runtime), and model classes of a class loader of their own with it, are collected
 * once nothing refers to them, so starting and closing runtimes does not fill the metaspace.
 */
class RuntimeUnloadingTest {
    /** Each runtime is the same case again: ten show that no runtime's classes are kept as well as 40 did. */
    private static final int RUNTIMES = 10;

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

    /**
     * Model and queryset classes of a closed runtime, loaded by a class loader of the application's (as a web
     * application's or a restarted Spring Boot devtools application's are), are collected with their loader:
     * nothing static of the ORM keeps them, the queryset constructor it looked up included.
     */
    @DatabaseTest
    void closedRuntimesLeaveModelAndQuerySetClassesOfOtherClassLoadersCollectable(DatabaseKind db) throws Exception {
        List<WeakReference<Object>> left = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            useOnce(db, i, left);
        }
        assertThat(left).hasSize(5 * 3);
        long alive = left.size();
        for (int round = 0; round < 50 && alive > 0; round++) {
            System.gc();
            Thread.sleep(100);
            alive = left.stream().filter(r -> r.get() != null).count();
        }
        assertThat(alive).as("model classes, queryset classes and class loaders of closed runtimes still reachable")
                .isZero();
    }

    /** One runtime over {@link UnloadableItem} loaded anew, used through its queryset class and closed. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void useOnce(DatabaseKind db, int i, List<WeakReference<Object>> left) throws Exception {
        ClassLoader loader = new OwnLoader(RuntimeUnloadingTest.class.getClassLoader(),
                UnloadableItem.class.getName());
        Class<? extends Model> model = loader.loadClass(UnloadableItem.class.getName()).asSubclass(Model.class);
        assertThat(model).isNotSameAs(UnloadableItem.class);
        try (Env env = Env.start(db, model)) {
            Manager m = env.tortoise().of(model);
            StepVerifier.create(m.create("name", "n" + i).then(m.count()))
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            QuerySet<?> named = (QuerySet<?>) model.getClassLoader()
                    .loadClass(UnloadableItem.Items.class.getName()).getMethod("named", String.class)
                    .invoke(m.all(), "n" + i);
            assertThat(named.getClass().getName()).isEqualTo(UnloadableItem.Items.class.getName());
            assertThat(named.getClass().getClassLoader()).isSameAs(loader);
            StepVerifier.create(named.count())
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            left.add(new WeakReference<>(model));
            left.add(new WeakReference<>(named.getClass()));
            left.add(new WeakReference<>(loader));
        }
    }

}
