package dev.tortoise.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.execution.StatementEvent;
import dev.tortoise.query.Manager;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mariadb.r2dbc.codec.list.LocalDateTimeCodec;
import org.mariadb.r2dbc.codec.list.StringCodec;
import org.mariadb.r2dbc.message.Context;
import reactor.test.StepVerifier;

/**
 * MariaDB binds an instant as the text of its UTC wall time, which the driver's text protocol sends exactly as it
 * sent the wall time itself: what the server receives, and so what is stored and matched, is unchanged.
 */
class InstantBindTextTest {
    private static final Dialect MARIADB = Dialect.forName("mariadb");

    /** A driver context with no server status flags set (backslashes are escapes, as on a default server). */
    private static final Context CONTEXT = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(),
            new Class<?>[] {Context.class}, (proxy, method, args) -> {
                Class<?> r = method.getReturnType();
                if (r == short.class) {
                    return (short) 0;
                }
                if (r == int.class) {
                    return 0;
                }
                if (r == long.class) {
                    return 0L;
                }
                if (r == boolean.class) {
                    return false;
                }
                return null;
            });

    /** The bytes r2dbc-mariadb's text protocol writes for {@code value} in a statement. */
    private static String wire(Object value) {
        ByteBuf buf = Unpooled.buffer();
        if (value instanceof String s) {
            StringCodec.INSTANCE.encodeDirectText(buf, s, CONTEXT);
        } else {
            LocalDateTimeCodec.INSTANCE.encodeDirectText(buf, value, CONTEXT);
        }
        String text = buf.toString(StandardCharsets.ISO_8859_1);
        buf.release();
        return text;
    }

    @Test
    void anInstantGoesAsTheTextTheDriverWroteForItsUtcWallTime() {
        List<OffsetDateTime> instants = new ArrayList<>(List.of(
                OffsetDateTime.parse("2024-05-06T07:08:09Z"),
                OffsetDateTime.parse("2024-05-06T07:08:09.000001Z"),
                OffsetDateTime.parse("2024-05-06T07:08:09.123456Z"),
                OffsetDateTime.parse("2024-05-06T07:08:09.999999999Z"),
                // a fraction under a microsecond: the driver wrote .000000, not the whole second
                OffsetDateTime.parse("2024-05-06T07:08:09.000000500Z"),
                OffsetDateTime.parse("2024-12-31T23:30:00-05:30"),
                OffsetDateTime.parse("0001-01-01T00:00:00Z"),
                OffsetDateTime.parse("1000-01-01T00:00:00Z"),
                OffsetDateTime.parse("9999-12-31T23:59:59.999999Z")));
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            long second = (long) (random.nextDouble() * 315_537_897_599L) - 62_135_596_800L;
            int nano = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(28 * 4) - 14 * 4) * 900);
            OffsetDateTime t = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(second, nano), offset);
            if (t.withOffsetSameInstant(ZoneOffset.UTC).getYear() >= 1) {
                instants.add(t);
            }
        }
        for (OffsetDateTime t : instants) {
            LocalDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            Object bound = MARIADB.bindValue(t);
            assertThat(bound).as("%s", t).isInstanceOf(String.class);
            assertThat(wire(bound)).as("%s", t).isEqualTo(wire(utc));
        }
        assertThat(MARIADB.bindValue(OffsetDateTime.parse("2024-05-06T07:08:09.123456789+02:00")))
                .isEqualTo("2024-05-06 05:08:09.123456");
        assertThat(MARIADB.bindValue(OffsetDateTime.parse("2024-05-06T07:08:09+02:00")))
                .isEqualTo("2024-05-06 05:08:09");
    }

    @Test
    void aYearTheTextCannotHoldStillGoesAsTheUtcWallTime() {
        OffsetDateTime yearZero = OffsetDateTime.parse("0000-06-01T00:00:00Z");
        OffsetDateTime year10000 = OffsetDateTime.parse("+10000-01-01T00:00:00Z");
        OffsetDateTime beforeYearOne = OffsetDateTime.parse("0001-01-01T00:30:00+01:00");
        assertThat(MARIADB.bindValue(yearZero)).isEqualTo(LocalDateTime.parse("0000-06-01T00:00:00"));
        assertThat(MARIADB.bindValue(year10000)).isEqualTo(LocalDateTime.parse("+10000-01-01T00:00:00"));
        assertThat(MARIADB.bindValue(beforeYearOne)).isEqualTo(LocalDateTime.parse("0000-12-31T23:30:00"));
        assertThat(MARIADB.bindValue("text")).isEqualTo("text");
        assertThat(MARIADB.bindValue(LocalDateTime.parse("2024-05-06T07:08:09")))
                .isEqualTo(LocalDateTime.parse("2024-05-06T07:08:09"));
        assertThat(MARIADB.driverClass(OffsetDateTime.class)).isEqualTo(LocalDateTime.class);
    }

    private static List<String> stored(Env env) {
        return env.of(BulkTest.Note.class).all().orderBy("id").flux()
                .map(n -> n.body + "|" + (n.at == null ? null : n.at.toInstant())).collectList().block(Env.TIMEOUT);
    }

    private static OffsetDateTime utc(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    @DatabaseTest
    void instantsOfABulkCreateAFilterAndAnUpdateAreStoredAndMatchedExactly(DatabaseKind db) {
        try (Env env = Env.start(db, BulkTest.Note.class)) {
            Manager<BulkTest.Note> m = env.of(BulkTest.Note.class);
            List<OffsetDateTime> ats = List.of(
                    OffsetDateTime.parse("2024-05-06T07:08:09Z"),
                    OffsetDateTime.parse("2024-05-06T07:08:09.000001Z"),
                    OffsetDateTime.parse("2024-05-06T09:08:09.123456+02:00"),
                    OffsetDateTime.parse("1000-01-01T00:00:00Z"),
                    OffsetDateTime.parse("9999-12-31T23:59:59.999999Z"));
            List<BulkTest.Note> notes = new ArrayList<>();
            for (int i = 0; i < ats.size(); i++) {
                notes.add(new BulkTest.Note("n" + i, null, ats.get(i)));
            }
            notes.add(new BulkTest.Note("none", null, null));
            StepVerifier.create(m.bulkCreate(notes).map(List::size))
                    .expectNext(6)
                    .expectComplete().verify(Env.TIMEOUT);
            StatementEvent insert = env.statements().events().stream()
                    .filter(e -> e.operation().equals("insert")).findFirst().orElseThrow();
            if (db == DatabaseKind.MARIADB) {
                // The statement and its values as the listeners see them are the instants, as before.
                assertThat(insert.sql()).isEqualTo(ExpectedSql.on(db, "INSERT INTO \"note\" (\"body\",\"score\",\"at\") "
                        + "VALUES ($1,$2,$3),($4,$5,$6),($7,$8,$9),($10,$11,$12),($13,$14,$15),($16,$17,$18) "
                        + "RETURNING \"id\""));
                List<Object> expected = new ArrayList<>();
                for (int i = 0; i < notes.size(); i++) {
                    expected.add(notes.get(i).body);
                    expected.add(null);
                    expected.add(notes.get(i).at == null ? null : utc(notes.get(i).at));
                }
                assertThat(insert.bindings()).containsExactlyElementsOf(expected);
            } else if (db == DatabaseKind.POSTGRES) {
                assertThat(insert.bindings()).hasSize(3);
            } else {
                assertThat(insert.bindings()).hasSize(18);
            }
            List<String> expectedRows = new ArrayList<>();
            for (int i = 0; i < ats.size(); i++) {
                expectedRows.add("n" + i + "|" + ats.get(i).toInstant());
            }
            expectedRows.add("none|null");
            assertThat(stored(env)).containsExactlyElementsOf(expectedRows);

            // A filter on an instant matches it to the microsecond, through its offset.
            for (int i = 0; i < ats.size(); i++) {
                assertThat(m.filter("at", ats.get(i).withOffsetSameInstant(ZoneOffset.ofHours(-3))).flux()
                        .map(n -> n.body).collectList().block(Env.TIMEOUT)).as("%s", ats.get(i)).containsExactly("n" + i);
            }
            assertThat(m.filter("at__gt", ats.get(2)).flux().map(n -> n.body).collectList().block(Env.TIMEOUT))
                    .containsExactly("n4");

            // An update and a single create bind instants the same way.
            OffsetDateTime later = OffsetDateTime.parse("2025-01-02T03:04:05.678901Z");
            StepVerifier.create(m.filter("body", "none").update("at", later))
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            BulkTest.Note one = m.create("body", "one", "at", OffsetDateTime.parse("2025-06-07T08:09:10.5Z"))
                    .block(Env.TIMEOUT);
            assertThat(one).isNotNull();
            expectedRows.set(5, "none|" + later.toInstant());
            expectedRows.add("one|2025-06-07T08:09:10.500Z");
            assertThat(stored(env)).containsExactlyElementsOf(expectedRows);
        }
    }

    @DatabaseTest
    void aSharedAutoNowInstantBoundInEveryRowIsStoredInEveryRow(DatabaseKind db) {
        try (Env env = Env.start(db, BulkTest.Stamped.class)) {
            List<BulkTest.Stamped> objects = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                objects.add(new BulkTest.Stamped("s" + i, i));
            }
            // one object brings its own auto_now_add value: that column goes per row, auto_now stays shared
            OffsetDateTime own = OffsetDateTime.parse("2024-05-06T07:08:09.123456Z");
            objects.get(7).created = own;
            StepVerifier.create(env.of(BulkTest.Stamped.class).bulkCreate(objects).map(List::size))
                    .expectNext(200)
                    .expectComplete().verify(Env.TIMEOUT);
            OffsetDateTime created = objects.get(0).created;
            OffsetDateTime modified = objects.get(0).modified;
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                expected.add("s" + i + "|" + (i == 7 ? own : created).toInstant() + "|" + i + "|"
                        + modified.toInstant());
            }
            assertThat(env.of(BulkTest.Stamped.class).all().orderBy("id").flux().map(x -> x.name + "|"
                    + x.created.toInstant() + "|" + x.qty + "|" + x.modified.toInstant()).collectList()
                    .block(Env.TIMEOUT)).containsExactlyElementsOf(expected);
            assertThat(env.of(BulkTest.Stamped.class).filter("modified", modified).count().block(Env.TIMEOUT))
                    .isEqualTo(200L);
            assertThat(env.of(BulkTest.Stamped.class).filter("created", created).count().block(Env.TIMEOUT))
                    .isEqualTo(199L);
        }
    }
}
