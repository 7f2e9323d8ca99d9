package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.field.BigIntField;
import dev.tortoise.field.BinaryField;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharEnumField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.IntEnumField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.JSONField;
import dev.tortoise.field.SmallIntField;
import dev.tortoise.field.TextField;
import dev.tortoise.field.TimeDeltaField;
import dev.tortoise.field.TimeField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.query.Manager;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.testing.ExpectedSql;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.testing.TestSupport.Color;
import dev.tortoise.testing.TestSupport.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import reactor.test.StepVerifier;

/** Every field type round-trips exactly through the database; defaults, auto_now, source_field and null. */
class FieldTypesTest {

    public record Point(int x, String label) {
    }

    @Meta(table = "everything")
    public static class Everything extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField(nullable = true)
        public Integer i;
        @BigIntField(nullable = true)
        public Long big;
        @SmallIntField(nullable = true)
        public Short small;
        @FloatField(nullable = true)
        public Double flt;
        @DecimalField(maxDigits = 12, decimalPlaces = 4, nullable = true)
        public BigDecimal dec;
        @BooleanField(nullable = true)
        public Boolean flag;
        @CharField(maxLength = 20, nullable = true)
        public String chr;
        @TextField(nullable = true)
        public String txt;
        @UUIDField(nullable = true)
        public UUID uuid;
        @DatetimeField(nullable = true)
        public OffsetDateTime odt;
        @DatetimeField(nullable = true)
        public Instant inst;
        @DatetimeField(nullable = true)
        public LocalDateTime ldt;
        @DateField(nullable = true)
        public LocalDate day;
        @TimeField(nullable = true)
        public LocalTime time;
        @TimeDeltaField(nullable = true)
        public Duration span;
        @JSONField(nullable = true)
        public Map<String, Object> map;
        @JSONField(nullable = true)
        public List<Object> list;
        @JSONField(nullable = true)
        public Point point;
        @BinaryField(nullable = true)
        public byte[] bin;
        @CharEnumField(nullable = true)
        public Color color;
        @IntEnumField(nullable = true)
        public Level level;
    }

    public static class Tag implements Supplier<String> {
        @Override
        public String get() {
            return "supplied";
        }
    }

    @Meta(table = "defaults")
    public static class Defaults extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @IntField(defaultValue = "7")
        public Integer seven;
        @CharField(maxLength = 10, defaultSupplier = Tag.class)
        public String tag;
        @DecimalField(maxDigits = 5, decimalPlaces = 2, defaultValue = "1.50")
        public BigDecimal price;
        @BooleanField(defaultValue = "true")
        public Boolean active;
        @JSONField(defaultValue = "{\"a\":[1,2]}")
        public Map<String, Object> meta;
        @DatetimeField(autoNowAdd = true)
        public OffsetDateTime created;
        @DatetimeField(autoNow = true)
        public OffsetDateTime modified;
        @CharField(maxLength = 30, sourceField = "display_name", nullable = true)
        public String displayName;
    }

    @Meta(table = "moment")
    public static class Moment extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @DatetimeField
        public OffsetDateTime at;
        @DatetimeField(nullable = true)
        public LocalDateTime naive;
    }

    private static Everything full() {
        Everything e = new Everything();
        e.i = Integer.MIN_VALUE;
        e.big = Long.MAX_VALUE;
        e.small = Short.MIN_VALUE;
        e.flt = 0.1 + 0.2;
        e.dec = new BigDecimal("12345678.1200");
        e.flag = false;
        e.chr = "héllo 'quoted' \"x\"";
        e.txt = "line1\nline2 \u2603 ".repeat(500);
        e.uuid = UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11");
        e.odt = OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000, ZoneOffset.ofHours(5));
        e.inst = Instant.parse("1999-12-31T23:59:59.000001Z");
        e.ldt = LocalDateTime.of(2020, 1, 2, 3, 4, 5, 999_999_000);
        e.day = LocalDate.of(1, 1, 1).plusYears(2023);
        e.time = LocalTime.of(13, 14, 15, 123_456_000);
        e.span = Duration.ofDays(3).plusHours(4).plusNanos(5_000);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "cup");
        m.put("n", 3);
        m.put("nested", Map.of("ok", true));
        m.put("none", null);
        e.map = m;
        e.list = List.of(1, "two", List.of(3.5), Map.of("k", "v"));
        e.point = new Point(4, "four");
        e.bin = new byte[] {0, 1, 2, (byte) 0xff, (byte) 0x80, 127};
        e.color = Color.DARK_BLUE;
        e.level = Level.HIGH;
        return e;
    }

    private static void assertSameValues(Everything got, Everything e) {
        assertThat(got.i).isEqualTo(Integer.MIN_VALUE);
        assertThat(got.big).isEqualTo(Long.MAX_VALUE);
        assertThat(got.small).isEqualTo(Short.MIN_VALUE);
        assertThat(got.flt).isEqualTo(0.1 + 0.2);
        assertThat(got.dec).isEqualTo(new BigDecimal("12345678.1200"));
        assertThat(got.dec.scale()).isEqualTo(4);
        assertThat(got.flag).isFalse();
        assertThat(got.chr).isEqualTo(e.chr);
        assertThat(got.txt).isEqualTo(e.txt);
        assertThat(got.uuid).isEqualTo(e.uuid);
        // The instant and the microseconds survive; the value is presented in the configured zone (UTC).
        assertThat(got.odt.toInstant()).isEqualTo(e.odt.toInstant());
        assertThat(got.odt.getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(got.odt.getNano()).isEqualTo(123_456_000);
        assertThat(got.inst).isEqualTo(e.inst);
        assertThat(got.ldt).isEqualTo(e.ldt);
        assertThat(got.day).isEqualTo(e.day);
        assertThat(got.time).isEqualTo(e.time);
        assertThat(got.span).isEqualTo(e.span);
        assertThat(got.map).isEqualTo(e.map);
        assertThat(got.list).isEqualTo(List.of(1, "two", List.of(3.5), Map.of("k", "v")));
        assertThat(got.point).isEqualTo(new Point(4, "four"));
        assertThat(got.bin).containsExactly(0, 1, 2, 0xff, 0x80, 127);
        assertThat(got.color).isEqualTo(Color.DARK_BLUE);
        assertThat(got.level).isEqualTo(Level.HIGH);
    }

    @DatabaseTest
    void everyFieldTypeRoundTripsExactly(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            Everything e = env.of(Everything.class).create(full()).block(Env.TIMEOUT);
            assertThat(e.id).isEqualTo(1);
            StepVerifier.create(env.of(Everything.class).get("id", e.id))
                    .assertNext(got -> assertSameValues(got, e))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    /** A second row of every type whose every value differs from {@link #full()}'s. */
    private static Everything other() {
        Everything e = new Everything();
        e.i = 42;
        e.big = -1L;
        e.small = (short) 7;
        e.flt = -2.5;
        e.dec = new BigDecimal("0.0001");
        e.flag = true;
        e.chr = "b";
        e.txt = "t";
        e.uuid = UUID.fromString("ffffffff-0000-4000-8000-000000000001");
        e.odt = OffsetDateTime.of(2001, 9, 9, 1, 46, 40, 500_000_000, ZoneOffset.ofHours(-3));
        e.inst = Instant.parse("2038-01-19T03:14:08Z");
        e.ldt = LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000);
        e.day = LocalDate.of(2100, 12, 31);
        e.time = LocalTime.MIDNIGHT;
        e.span = Duration.ofMillis(-1500);
        e.map = Map.of("k", List.of());
        e.list = List.of();
        e.point = new Point(-1, "");
        e.bin = new byte[] {42};
        e.color = Color.RED;
        e.level = Level.LOW;
        return e;
    }

    private static void assertOtherValues(Everything got) {
        assertThat(got.i).isEqualTo(42);
        assertThat(got.big).isEqualTo(-1L);
        assertThat(got.small).isEqualTo((short) 7);
        assertThat(got.flt).isEqualTo(-2.5);
        assertThat(got.dec).isEqualTo(new BigDecimal("0.0001"));
        assertThat(got.dec.scale()).isEqualTo(4);
        assertThat(got.flag).isTrue();
        assertThat(got.chr).isEqualTo("b");
        assertThat(got.txt).isEqualTo("t");
        assertThat(got.uuid).isEqualTo(UUID.fromString("ffffffff-0000-4000-8000-000000000001"));
        assertThat(got.odt).isEqualTo(OffsetDateTime.parse("2001-09-09T04:46:40.5Z"));
        assertThat(got.inst).isEqualTo(Instant.parse("2038-01-19T03:14:08Z"));
        assertThat(got.ldt).isEqualTo(LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000));
        assertThat(got.day).isEqualTo(LocalDate.of(2100, 12, 31));
        assertThat(got.time).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(got.span).isEqualTo(Duration.ofMillis(-1500));
        assertThat(got.map).isEqualTo(Map.of("k", List.of()));
        assertThat(got.list).isEqualTo(List.of());
        assertThat(got.point).isEqualTo(new Point(-1, ""));
        assertThat(got.bin).containsExactly(42);
        assertThat(got.color).isEqualTo(Color.RED);
        assertThat(got.level).isEqualTo(Level.LOW);
    }

    private static void assertAllNull(Everything got) {
        assertThat(List.of(got.i == null, got.big == null, got.small == null, got.flt == null, got.dec == null,
                got.flag == null, got.chr == null, got.txt == null, got.uuid == null, got.odt == null,
                got.inst == null, got.ldt == null, got.day == null, got.time == null, got.span == null,
                got.map == null, got.list == null, got.point == null, got.bin == null, got.color == null,
                got.level == null)).containsOnly(true);
    }

    /**
     * Rows of one result read through one converting view on MariaDB (pointed at each row in turn): each row
     * keeps its own values of every type, a row of nulls between two full ones included, as instances, as
     * values() maps and as values_list() tuples.
     */
    @DatabaseTest
    void rowsOfOneResultKeepTheirOwnValuesOfEveryType(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            Manager<Everything> m = env.of(Everything.class);
            Everything first = m.create(full()).block(Env.TIMEOUT);
            m.create(new Everything()).block(Env.TIMEOUT);
            m.create(other()).block(Env.TIMEOUT);
            StepVerifier.create(m.orderBy("id"))
                    .assertNext(got -> {
                        assertThat(got.id).isEqualTo(1);
                        assertSameValues(got, first);
                    })
                    .assertNext(got -> {
                        assertThat(got.id).isEqualTo(2);
                        assertAllNull(got);
                    })
                    .assertNext(got -> {
                        assertThat(got.id).isEqualTo(3);
                        assertOtherValues(got);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.orderBy("id").values("id", "odt", "inst", "ldt", "dec", "flag", "uuid", "level"))
                    .assertNext(row -> assertThat(row).containsExactly(
                            Map.entry("id", 1), Map.entry("odt", OffsetDateTime.parse("2024-02-29T18:59:58.123456Z")),
                            Map.entry("inst", Instant.parse("1999-12-31T23:59:59.000001Z")),
                            Map.entry("ldt", LocalDateTime.of(2020, 1, 2, 3, 4, 5, 999_999_000)),
                            Map.entry("dec", new BigDecimal("12345678.1200")), Map.entry("flag", false),
                            Map.entry("uuid", UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11")),
                            Map.entry("level", Level.HIGH)))
                    .assertNext(row -> {
                        assertThat(row.keySet()).containsExactly("id", "odt", "inst", "ldt", "dec", "flag", "uuid", "level");
                        assertThat(row.get("id")).isEqualTo(2);
                        assertThat(row.values().stream().filter(v -> v != null)).containsExactly(2);
                    })
                    .assertNext(row -> assertThat(row).containsExactly(
                            Map.entry("id", 3), Map.entry("odt", OffsetDateTime.parse("2001-09-09T04:46:40.5Z")),
                            Map.entry("inst", Instant.parse("2038-01-19T03:14:08Z")),
                            Map.entry("ldt", LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000)),
                            Map.entry("dec", new BigDecimal("0.0001")), Map.entry("flag", true),
                            Map.entry("uuid", UUID.fromString("ffffffff-0000-4000-8000-000000000001")),
                            Map.entry("level", Level.LOW)))
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.orderBy("id").valuesList("odt", "color", "span", "day", "time"))
                    .expectNext(List.of(OffsetDateTime.parse("2024-02-29T18:59:58.123456Z"), Color.DARK_BLUE,
                            Duration.ofDays(3).plusHours(4).plusNanos(5_000), LocalDate.of(2024, 1, 1),
                            LocalTime.of(13, 14, 15, 123_456_000)))
                    .assertNext(row -> assertThat(row).containsExactly(null, null, null, null, null))
                    .expectNext(List.of(OffsetDateTime.parse("2001-09-09T04:46:40.5Z"), Color.RED,
                            Duration.ofMillis(-1500), LocalDate.of(2100, 12, 31), LocalTime.MIDNIGHT))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void storedRepresentationsAreTortoises(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            env.of(Everything.class).create(full()).block(Env.TIMEOUT);
            Map<String, Object> row = env.query("SELECT \"span\", \"color\", \"level\", \"dec\" FROM \"everything\"")
                    .get(0);
            // TimeDelta is BIGINT microseconds, CharEnum its value, IntEnum its int.
            assertThat(((Number) row.get("span")).longValue())
                    .isEqualTo(Duration.ofDays(3).plusHours(4).toNanos() / 1000 + 5);
            assertThat(row.get("color")).isEqualTo("dark-blue");
            assertThat(((Number) row.get("level")).intValue()).isEqualTo(300);
            assertThat(row.get("dec")).isEqualTo(new BigDecimal("12345678.1200"));
        }
    }

    @DatabaseTest
    void nullsRoundTripInEveryNullableField(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            Everything e = env.of(Everything.class).create(new Everything()).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Everything.class).get("id", e.id))
                    .assertNext(got -> {
                        assertThat(got.i).isNull();
                        assertThat(got.big).isNull();
                        assertThat(got.small).isNull();
                        assertThat(got.flt).isNull();
                        assertThat(got.dec).isNull();
                        assertThat(got.flag).isNull();
                        assertThat(got.chr).isNull();
                        assertThat(got.txt).isNull();
                        assertThat(got.uuid).isNull();
                        assertThat(got.odt).isNull();
                        assertThat(got.inst).isNull();
                        assertThat(got.ldt).isNull();
                        assertThat(got.day).isNull();
                        assertThat(got.time).isNull();
                        assertThat(got.span).isNull();
                        assertThat(got.map).isNull();
                        assertThat(got.list).isNull();
                        assertThat(got.point).isNull();
                        assertThat(got.bin).isNull();
                        assertThat(got.color).isNull();
                        assertThat(got.level).isNull();
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void decimalKeepsTheColumnScale(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            Everything e = new Everything();
            e.dec = new BigDecimal("2.3");
            env.of(Everything.class).create(e).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Everything.class).valuesList(true, "dec").first())
                    .assertNext(v -> {
                        assertThat(v).isEqualTo(new BigDecimal("2.3000"));
                        assertThat(((BigDecimal) v).scale()).isEqualTo(4);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void valuesAreConvertedFromTheirTextFormsOnCreate(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("i", "42");
            input.put("dec", "3.14");
            input.put("flag", "true");
            input.put("uuid", "0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11");
            input.put("odt", "2024-05-06T07:08:09.000010+02:00");
            input.put("day", "2024-05-06");
            input.put("time", "07:08:09");
            input.put("map", "{\"a\":1}");
            input.put("color", "red");
            input.put("level", 1);
            Everything e = env.of(Everything.class).create(input).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Everything.class).get("id", e.id))
                    .assertNext(got -> {
                        assertThat(got.i).isEqualTo(42);
                        assertThat(got.dec).isEqualTo(new BigDecimal("3.1400"));
                        assertThat(got.flag).isTrue();
                        assertThat(got.uuid).isEqualTo(UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11"));
                        assertThat(got.odt).isEqualTo(OffsetDateTime.parse("2024-05-06T05:08:09.000010Z"));
                        assertThat(got.day).isEqualTo(LocalDate.of(2024, 5, 6));
                        assertThat(got.time).isEqualTo(LocalTime.of(7, 8, 9));
                        assertThat(got.map).isEqualTo(Map.of("a", 1));
                        assertThat(got.color).isEqualTo(Color.RED);
                        assertThat(got.level).isEqualTo(Level.LOW);
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void defaultsValuesAndSuppliersAreApplied(DatabaseKind db) {
        try (Env env = Env.start(db, Defaults.class)) {
            Defaults d = env.of(Defaults.class).create().block(Env.TIMEOUT);
            assertThat(d.seven).isEqualTo(7);
            assertThat(d.tag).isEqualTo("supplied");
            assertThat(d.price).isEqualTo(new BigDecimal("1.50"));
            assertThat(d.active).isTrue();
            assertThat(d.meta).isEqualTo(Map.of("a", List.of(1, 2)));
            StepVerifier.create(env.of(Defaults.class).get("id", d.id))
                    .assertNext(got -> {
                        assertThat(got.seven).isEqualTo(7);
                        assertThat(got.tag).isEqualTo("supplied");
                        assertThat(got.price).isEqualTo(new BigDecimal("1.50"));
                        assertThat(got.active).isTrue();
                        assertThat(got.meta).isEqualTo(Map.of("a", List.of(1, 2)));
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void mutableJsonDefaultsAreNotSharedBetweenInstances(DatabaseKind db) {
        try (Env env = Env.start(db, Defaults.class)) {
            Defaults a = env.of(Defaults.class).build(Map.of());
            Defaults b = env.of(Defaults.class).build(Map.of());
            assertThat(a.meta).isNotSameAs(b.meta).isEqualTo(b.meta);
        }
    }

    @DatabaseTest
    void explicitValuesWinOverDefaults(DatabaseKind db) {
        try (Env env = Env.start(db, Defaults.class)) {
            Defaults d = env.of(Defaults.class).create("seven", 8, "tag", "mine").block(Env.TIMEOUT);
            StepVerifier.create(env.of(Defaults.class).valuesList("seven", "tag").first())
                    .expectNext(List.of(8, "mine"))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(d.seven).isEqualTo(8);
        }
    }

    @DatabaseTest
    void autoNowAddIsSetOnceAndAutoNowOnEverySave(DatabaseKind db) throws InterruptedException {
        try (Env env = Env.start(db, Defaults.class)) {
            OffsetDateTime before = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
            Defaults d = env.of(Defaults.class).create().block(Env.TIMEOUT);
            assertThat(d.created).isNotNull().isAfterOrEqualTo(before);
            assertThat(d.modified).isNotNull().isAfterOrEqualTo(before);
            OffsetDateTime created = d.created;
            OffsetDateTime modified = d.modified;
            Thread.sleep(5);
            d.seven = 9;
            d.save().block(Env.TIMEOUT);
            assertThat(d.created).isEqualTo(created);
            assertThat(d.modified).isAfter(modified);
            StepVerifier.create(env.of(Defaults.class).get("id", d.id))
                    .assertNext(got -> {
                        assertThat(got.created.toInstant()).isEqualTo(created.toInstant());
                        assertThat(got.modified.toInstant()).isEqualTo(d.modified.toInstant());
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void autoNowAddKeepsAnExplicitValueOnCreate(DatabaseKind db) {
        try (Env env = Env.start(db, Defaults.class)) {
            OffsetDateTime past = OffsetDateTime.parse("2001-01-01T00:00:00Z");
            Defaults d = env.of(Defaults.class).create("created", past).block(Env.TIMEOUT);
            assertThat(d.created).isEqualTo(past);
        }
    }

    @DatabaseTest
    void sourceFieldNamesTheColumnWhileTheFieldNameIsUsedInQueries(DatabaseKind db) {
        try (Env env = Env.start(db, Defaults.class)) {
            env.of(Defaults.class).create("displayName", "Ann").block(Env.TIMEOUT);
            assertThat(env.query("SELECT \"display_name\" FROM \"defaults\"").get(0).get("display_name"))
                    .isEqualTo("Ann");
            StepVerifier.create(env.of(Defaults.class).filter("displayName", "Ann").values("displayName"))
                    .expectNext(Map.of("displayName", "Ann"))
                    .expectComplete().verify(Env.TIMEOUT);
            assertThat(env.of(Defaults.class).filter("displayName", "Ann").sql().text())
                    .contains(ExpectedSql.on(db, "\"defaults\".\"display_name\"=$1"));
        }
    }

    @DatabaseTest
    void datetimesArePresentedInTheConfiguredTimezoneWithoutUseTz(DatabaseKind db) {
        try (Env env = Env.start(db, b -> b.models(Moment.class).timezone("Asia/Tokyo"))) {
            OffsetDateTime at = OffsetDateTime.parse("2024-03-01T12:00:00.000007Z");
            Moment m = env.of(Moment.class).create("at", at, "naive", LocalDateTime.of(2024, 3, 1, 9, 0)).block(
                    Env.TIMEOUT);
            Map<String, Object> raw = env.query("SELECT \"at\", \"naive\" FROM \"moment\"").get(0);
            // A naive datetime is taken to be in the configured zone: 09:00 Tokyo is 00:00 UTC.
            assertThat(storedInstant(raw.get("naive"))).isEqualTo(Instant.parse(
                    "2024-03-01T00:00:00Z"));
            assertThat(storedInstant(raw.get("at"))).isEqualTo(at.toInstant());
            StepVerifier.create(env.of(Moment.class).get("id", m.id))
                    .assertNext(got -> {
                        assertThat(got.at).isEqualTo(OffsetDateTime.parse("2024-03-01T21:00:00.000007+09:00"));
                        assertThat(got.at.getOffset()).isEqualTo(ZoneId.of("Asia/Tokyo").getRules()
                                .getOffset(at.toInstant()));
                        assertThat(got.naive).isEqualTo(LocalDateTime.of(2024, 3, 1, 9, 0));
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void useTzPresentsDatetimesInUtcWhateverTheTimezone(DatabaseKind db) {
        try (Env env = Env.start(db, b -> b.models(Moment.class).useTz(true).timezone("Asia/Tokyo"))) {
            OffsetDateTime at = OffsetDateTime.parse("2024-03-01T12:00:00.5+01:00");
            Moment m = env.of(Moment.class).create("at", at, "naive", LocalDateTime.of(2024, 3, 1, 9, 0)).block(
                    Env.TIMEOUT);
            Map<String, Object> raw = env.query("SELECT \"naive\" FROM \"moment\"").get(0);
            // Under use_tz a naive datetime is UTC.
            assertThat(storedInstant(raw.get("naive"))).isEqualTo(Instant.parse(
                    "2024-03-01T09:00:00Z"));
            StepVerifier.create(env.of(Moment.class).get("id", m.id))
                    .assertNext(got -> {
                        assertThat(got.at).isEqualTo(OffsetDateTime.parse("2024-03-01T11:00:00.5Z"));
                        assertThat(got.naive).isEqualTo(LocalDateTime.of(2024, 3, 1, 9, 0));
                    })
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void enumsUuidsAndTextFormsWorkAsFilterValues(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            env.of(Everything.class).create(full()).block(Env.TIMEOUT);
            Everything other = new Everything();
            other.color = Color.RED;
            other.level = Level.LOW;
            env.of(Everything.class).create(other).block(Env.TIMEOUT);
            Manager<Everything> m = env.of(Everything.class);
            StepVerifier.create(m.filter("color", Color.DARK_BLUE).count()).expectNext(1L).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("color", "red").valuesList(true, "id")).expectNext(2).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level__in", List.of(Level.LOW, Level.HIGH)).count()).expectNext(2L)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("level", 300).valuesList(true, "level")).expectNext(Level.HIGH)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("uuid", "0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11").count()).expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("day", "2024-01-01").count()).expectNext(1L).expectComplete()
                    .verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("span__gt", java.time.Duration.ofDays(1)).count()).expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(m.filter("id", 1).values("color", "level", "map", "span").flux().map(Map::values)
                            .map(java.util.ArrayList::new))
                    .expectNext(new java.util.ArrayList<>(java.util.Arrays.asList(Color.DARK_BLUE, Level.HIGH,
                            full().map, full().span)))
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void binaryFieldsCannotBeFiltered(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            StepVerifier.create(env.of(Everything.class).filter("bin", new byte[] {1}))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(dev.tortoise.exception.FieldError.class)
                            .hasMessage("Field bin of type BinaryField can't be used in filters (filter param 'bin')"))
                    .verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isZero();
        }
    }

    @DatabaseTest
    void decimalsAreRoundedToTheColumnScaleAndOverflowIsAValidationError(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            Everything e = new Everything();
            e.dec = new BigDecimal("1.23456");
            env.of(Everything.class).create(e).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Everything.class).valuesList(true, "dec").first())
                    .expectNext(new BigDecimal("1.2346")).expectComplete().verify(Env.TIMEOUT);
            Everything big = new Everything();
            big.dec = new BigDecimal("123456789.5");
            StepVerifier.create(env.of(Everything.class).create(big))
                    .expectError(dev.tortoise.exception.ValidationError.class).verify(Env.TIMEOUT);
        }
    }

    @DatabaseTest
    void integersOutOfTheFieldsRangeAreRejectedBeforeAnySql(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            StepVerifier.create(env.of(Everything.class).create("small", 40_000))
                    .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(
                                    dev.tortoise.exception.ValidationError.class)
                            .hasMessage("small: Value 40000 is out of range for SmallIntField [-32768, 32767]"))
                    .verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Everything.class).create("i", 3_000_000_000L))
                    .expectError(dev.tortoise.exception.ValidationError.class).verify(Env.TIMEOUT);
            assertThat(env.statements().count()).isZero();
        }
    }

    @DatabaseTest
    void aCharEnumColumnIsAsWideAsTheLongestValue(DatabaseKind db) {
        try (Env env = Env.start(db, Everything.class)) {
            assertThat(env.tortoise().getSchemaSql("default", false)).contains(ExpectedSql.on(db, "\"color\" VARCHAR(9)"))
                    .contains(ExpectedSql.on(db, "\"level\" SMALLINT"));
        }
    }

    @DatabaseTest
    void filteringByAnInstantMatchesTheSameMomentInAnotherOffset(DatabaseKind db) {
        try (Env env = Env.start(db, Moment.class)) {
            env.of(Moment.class).create("at", OffsetDateTime.parse("2024-03-01T12:00:00.000001Z")).block(Env.TIMEOUT);
            StepVerifier.create(env.of(Moment.class).filter("at", OffsetDateTime.parse(
                            "2024-03-01T14:00:00.000001+02:00")).count())
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
            StepVerifier.create(env.of(Moment.class).filter("at__gt", Instant.parse("2024-03-01T12:00:00Z")).count())
                    .expectNext(1L)
                    .expectComplete().verify(Env.TIMEOUT);
        }
    }

    /**
     * The instant a timestamp column holds, as read outside the ORM: an OffsetDateTime on H2 and PostgreSQL,
     * on MariaDB a DATETIME's LocalDateTime, which the ORM writes as the instant's UTC wall time.
     */
    private static Instant storedInstant(Object raw) {
        return raw instanceof LocalDateTime l ? l.toInstant(java.time.ZoneOffset.UTC) : ((OffsetDateTime) raw).toInstant();
    }
}
