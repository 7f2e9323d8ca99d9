package dev.tortoise.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.exception.FieldError;
import dev.tortoise.exception.ParamsError;
import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.exception.ValidationError;
import dev.tortoise.expression.Lookups;
import dev.tortoise.field.BigIntField;
import dev.tortoise.field.BooleanField;
import dev.tortoise.field.CharEnumField;
import dev.tortoise.field.CharField;
import dev.tortoise.field.DateField;
import dev.tortoise.field.DatetimeField;
import dev.tortoise.field.DecimalField;
import dev.tortoise.field.FloatField;
import dev.tortoise.field.ForeignKeyField;
import dev.tortoise.field.IntEnumField;
import dev.tortoise.field.IntField;
import dev.tortoise.field.SmallIntField;
import dev.tortoise.field.TextField;
import dev.tortoise.field.TimeField;
import dev.tortoise.field.UUIDField;
import dev.tortoise.model.Meta;
import dev.tortoise.model.Model;
import dev.tortoise.relation.ForeignKey;
import dev.tortoise.test.DatabaseTest;
import dev.tortoise.testing.Env;
import dev.tortoise.test.DatabaseKind;
import dev.tortoise.testing.TestSupport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import reactor.test.StepVerifier;

/**
 * Lookups are checked against the field's kind when the query is built, and their values are coerced
 * from the strings a query string gives, for every field kind and lookup kind, also across relations:
 * what the database would refuse (a number compared with text, a NUL in text, a decimal too wide for
 * its column, a regular expression of 50,000 characters) is our own error, raised before any statement.
 */
class LookupValuesTest {
    private static final UUID U1 = UUID.fromString("0b9f4f1a-3c52-4c37-9a0e-2a0b5a9c7e11");
    private static final UUID U2 = UUID.fromString("7d3c1b2a-0000-4000-8000-00000000beef");

    @Meta(table = "gadget")
    public static class Gadget extends Model {
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
        @DecimalField(maxDigits = 10, decimalPlaces = 2, nullable = true)
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
        @DateField(nullable = true)
        public LocalDate day;
        @TimeField(nullable = true)
        public LocalTime time;
        @CharEnumField(nullable = true)
        public TestSupport.Color colour;
        @IntEnumField(nullable = true)
        public TestSupport.Level level;
    }

    @Meta(table = "gadget_shop")
    public static class Shop extends Model {
        @IntField(primaryKey = true)
        public Integer id;
        @CharField(maxLength = 20)
        public String name;
        @ForeignKeyField(relatedName = "shops")
        public ForeignKey<Gadget> gadget;
    }

    private static Env env(DatabaseKind db) {
        Env env = Env.start(db, Gadget.class, Shop.class);
        Gadget a = new Gadget();
        a.i = 5;
        a.big = 9_000_000_000L;
        a.small = -3;
        a.flt = 0.75;
        a.dec = new BigDecimal("150.25");
        a.flag = true;
        a.chr = "alpha";
        a.txt = "the quick brown fox";
        a.uuid = U1;
        a.odt = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.UTC);
        a.day = LocalDate.of(2026, 3, 4);
        a.time = LocalTime.of(13, 14, 15);
        a.colour = TestSupport.Color.RED;
        a.level = TestSupport.Level.HIGH;
        Gadget b = new Gadget();
        b.i = 7;
        b.big = 1L;
        b.small = 3;
        b.flt = 0.25;
        b.dec = new BigDecimal("100000.00");
        b.flag = false;
        b.chr = "beta";
        b.txt = "lazy dogs sleep";
        b.uuid = U2;
        b.odt = OffsetDateTime.of(2025, 11, 20, 22, 0, 0, 0, ZoneOffset.UTC);
        b.day = LocalDate.of(2025, 11, 20);
        b.time = LocalTime.of(8, 30);
        b.colour = TestSupport.Color.DARK_BLUE;
        b.level = TestSupport.Level.LOW;
        Gadget empty = new Gadget();
        for (Gadget g : List.of(a, b, empty)) {
            env.tortoise().create(g).block(Env.TIMEOUT);
        }
        Shop s1 = new Shop();
        s1.name = "first";
        s1.gadget.set(a);
        Shop s2 = new Shop();
        s2.name = "second";
        s2.gadget.set(b);
        env.tortoise().create(s1).block(Env.TIMEOUT);
        env.tortoise().create(s2).block(Env.TIMEOUT);
        env.statements().clear();
        return env;
    }

    /** A filter given as a query string gives it: key, string value(s), and the gadgets' {@code i} it matches. */
    private record Match(String key, Object value, List<Integer> is) {
    }

    private static final List<Match> GADGET_MATCHES = List.of(
            new Match("i", "5", List.of(5)),
            new Match("i__in", List.of("5", " 7 "), List.of(5, 7)),
            new Match("i__not_in", List.of("5"), java.util.Arrays.asList(null, 7)),
            new Match("i__range", List.of("6", "8"), List.of(7)),
            new Match("i__isnull", "true", java.util.Arrays.asList((Integer) null)),
            new Match("i__not_isnull", "true", List.of(5, 7)),
            new Match("big__gte", "9000000000", List.of(5)),
            new Match("small__lt", "0", List.of(5)),
            new Match("flt__gte", "0.5", List.of(5)),
            new Match("dec__lte", "1e5", List.of(5, 7)),
            new Match("dec__lt", "1E+5", List.of(5)),
            new Match("dec", "100000", List.of(7)),
            new Match("dec__in", List.of("1e5", "150.25"), List.of(5, 7)),
            new Match("dec__gt", "150.249", List.of(5, 7)),
            new Match("flag", "true", List.of(5)),
            new Match("flag", "0", List.of(7)),
            new Match("chr__icontains", "ALP", List.of(5)),
            new Match("chr__startswith", "be", List.of(7)),
            new Match("i__contains", "5", List.of(5)),
            new Match("chr__posix_regex", "^al.*a$", List.of(5)),
            new Match("chr__iposix_regex", "^BE", List.of(7)),
            new Match("uuid", U2.toString(), List.of(7)),
            new Match("uuid__in", List.of(U1.toString(), U2.toString()), List.of(5, 7)),
            new Match("odt", "2026-03-04T05:06:07Z", List.of(5)),
            new Match("odt__gte", "2026-01-01 00:00:00", List.of(5)),
            new Match("odt__year", "2026", List.of(5)),
            new Match("odt__year__in", List.of("2025", "2026"), List.of(5, 7)),
            new Match("odt__year__range", List.of("2020", "2025"), List.of(7)),
            new Match("odt__quarter", "4", List.of(7)),
            new Match("odt__month__gte", " 6 ", List.of(7)),
            new Match("odt__day", "4", List.of(5)),
            new Match("odt__hour", "22", List.of(7)),
            new Match("odt__minute", "6", List.of(5)),
            new Match("odt__second", "7", List.of(5)),
            new Match("odt__year__isnull", "true", java.util.Arrays.asList((Integer) null)),
            new Match("day", "2025-11-20", List.of(7)),
            new Match("day__range", List.of("2026-01-01", "2026-12-31"), List.of(5)),
            new Match("day__year", "2025", List.of(7)),
            new Match("day__week", "10", List.of(5)),
            new Match("time__hour", "13", List.of(5)),
            new Match("time__lt", "09:00", List.of(7)),
            new Match("colour", "dark-blue", List.of(7)),
            new Match("colour__in", List.of("red", "DARK_BLUE"), List.of(5, 7)),
            new Match("level", "300", List.of(5)),
            new Match("level__in", List.of("1"), List.of(7)));

    @DatabaseTest
    void valuesGivenAsStringsAreCoercedForEveryFieldAndLookupKind(DatabaseKind db) {
        try (Env env = env(db)) {
            for (Match m : GADGET_MATCHES) {
                StepVerifier.create(env.of(Gadget.class).filter(m.key(), m.value()).orderBy("i").valuesList(true, "i")
                                .toList())
                        .assertNext(is -> {
                            // the gadget with every field NULL sorts first on H2 and last on PostgreSQL
                            List<Integer> sorted = new java.util.ArrayList<>();
                            is.forEach(o -> sorted.add((Integer) o));
                            sorted.sort(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
                            assertThat(sorted).as("%s=%s", m.key(), m.value()).isEqualTo(m.is());
                        })
                        .expectComplete().verify(Env.TIMEOUT);
            }
        }
    }

    @DatabaseTest
    void acrossARelationValuesAreCoercedAsOnTheRelatedModel(DatabaseKind db) {
        try (Env env = env(db)) {
            List<List<Object>> cases = List.of(
                    List.of("gadget__dec__in", List.of("1e5"), List.of("second")),
                    List.of("gadget__odt__year", "2026", List.of("first")),
                    List.of("gadget__day__year__gte", "2025", List.of("first", "second")),
                    List.of("gadget__chr__iposix_regex", "^A", List.of("first")),
                    List.of("gadget__flag", "false", List.of("second")),
                    List.of("gadget__isnull", "false", List.of("first", "second")));
            for (List<Object> c : cases) {
                StepVerifier.create(env.of(Shop.class).filter((String) c.get(0), c.get(1)).orderBy("name")
                                .valuesList(true, "name").flux().collectList())
                        .assertNext(names -> assertThat(names).as("%s", c.get(0)).isEqualTo(c.get(2)))
                        .expectComplete().verify(Env.TIMEOUT);
            }
            StepVerifier.create(env.of(Gadget.class).filter("shops__gadget__dec__gte", "1e5").valuesList(true, "i")
                            .flux().collectList())
                    .assertNext(is -> assertThat(is).isEqualTo(List.of(7))).expectComplete().verify(Env.TIMEOUT);
        }
    }

    /** A refused filter: key, value, the exception's exact type and message. */
    private record Refused(Class<? extends Model> model, String key, Object value, Class<? extends Throwable> type,
                           String message) {
    }

    private static List<Refused> refusals() {
        List<Refused> out = new ArrayList<>();
        String text = "needs a text field (CharField or TextField), not ";
        String date = "needs a date, datetime or time field, not ";
        for (String[] c : new String[][] {{"i", "IntField"}, {"big", "BigIntField"}, {"small", "SmallIntField"},
                {"flt", "FloatField"}, {"dec", "DecimalField"}, {"flag", "BooleanField"}, {"uuid", "UUIDField"},
                {"odt", "DatetimeField"}, {"day", "DateField"}, {"time", "TimeField"}, {"id", "IntField"}}) {
            for (String lookup : List.of("search", "posix_regex", "iposix_regex")) {
                out.add(new Refused(Gadget.class, c[0] + "__" + lookup, "1", FieldError.class,
                        "Lookup '" + lookup + "' " + text + c[1] + " (filter param '" + c[0] + "__" + lookup + "')"));
            }
        }
        for (String[] c : new String[][] {{"i", "IntField"}, {"dec", "DecimalField"}, {"chr", "CharField"},
                {"txt", "TextField"}, {"flag", "BooleanField"}, {"uuid", "UUIDField"}, {"id", "IntField"}}) {
            for (String part : List.of("year", "quarter", "month", "week", "day", "hour", "minute", "second")) {
                out.add(new Refused(Gadget.class, c[0] + "__" + part, "2026", FieldError.class,
                        "Lookup '" + part + "' " + date + c[1] + " (filter param '" + c[0] + "__" + part + "')"));
            }
        }
        out.add(new Refused(Gadget.class, "day__hour", "1", FieldError.class,
                "Lookup 'hour' " + date + "DateField (filter param 'day__hour')"));
        out.add(new Refused(Gadget.class, "time__year", "1", FieldError.class,
                "Lookup 'year' " + date + "TimeField (filter param 'time__year')"));
        out.add(new Refused(Gadget.class, "odt__year", "twenty", ParamsError.class,
                "Filter param 'odt__year' needs a whole number, got 'twenty'"));
        out.add(new Refused(Gadget.class, "odt__month__in", List.of("3", "x"), ParamsError.class,
                "Filter param 'odt__month__in' needs a whole number, got 'x'"));
        out.add(new Refused(Gadget.class, "odt__year", "99999999999", ParamsError.class,
                "Filter param 'odt__year' needs a whole number, got '99999999999'"));
        out.add(new Refused(Gadget.class, "chr__posix_regex", "a".repeat(50_000), ParamsError.class,
                "Filter param 'chr__posix_regex' is 50000 characters long; a search or regular expression may "
                        + "have at most 1000"));
        out.add(new Refused(Gadget.class, "txt__search", "fox ".repeat(5_000), ParamsError.class,
                "Filter param 'txt__search' is 20000 characters long; a search or regular expression may have at "
                        + "most 1000"));
        out.add(new Refused(Gadget.class, "chr", "a\u0000b", ValidationError.class,
                "chr: Value 'a\\u0000b' contains a NUL character (\\u0000), which a text field can't hold"));
        out.add(new Refused(Gadget.class, "txt__in", List.of("ok", "\u0000"), ValidationError.class,
                "txt: Value '\\u0000' contains a NUL character (\\u0000), which a text field can't hold"));
        out.add(new Refused(Gadget.class, "chr__icontains", "x\u0000", ValidationError.class,
                "Filter param 'chr__icontains': Value 'x\\u0000' contains a NUL character (\\u0000), which text "
                        + "can't hold"));
        out.add(new Refused(Gadget.class, "dec__lte", "1e20", ValidationError.class,
                "dec: Value '1e20' is out of range for DecimalField(max_digits=10, decimal_places=2)"));
        out.add(new Refused(Gadget.class, "dec", "123456789", ValidationError.class,
                "dec: Value '123456789' is out of range for DecimalField(max_digits=10, decimal_places=2)"));
        out.add(new Refused(Gadget.class, "dec__gte", "1e999999999", ValidationError.class,
                "dec: Value '1e999999999' is out of range for DecimalField(max_digits=10, decimal_places=2)"));
        out.add(new Refused(Gadget.class, "dec", "ten", ValidationError.class,
                "dec: Value 'ten' is not a valid DecimalField value"));
        out.add(new Refused(Gadget.class, "i", "99999999999", ValidationError.class,
                "i: Value 99999999999 is out of range for IntField [-2147483648, 2147483647]"));
        out.add(new Refused(Gadget.class, "i__in", List.of("1", "1.5"), ValidationError.class,
                "i: Value '1.5' is not a valid IntField value"));
        out.add(new Refused(Gadget.class, "small", "40000", ValidationError.class,
                "small: Value 40000 is out of range for SmallIntField [-32768, 32767]"));
        out.add(new Refused(Gadget.class, "flag", "maybe", ValidationError.class,
                "flag: Value 'maybe' is not a valid BooleanField value"));
        out.add(new Refused(Gadget.class, "uuid", "not-a-uuid", ValidationError.class,
                "uuid: Value 'not-a-uuid' is not a valid UUIDField value"));
        out.add(new Refused(Gadget.class, "day", "2026-13-01", ValidationError.class,
                "day: Value '2026-13-01' is not a valid DateField value"));
        out.add(new Refused(Gadget.class, "day__gte", "+100000-01-01", ValidationError.class,
                "day: Value '+100000-01-01' is out of range for DateField (years 1 to 9999)"));
        out.add(new Refused(Gadget.class, "odt__lt", "+99999-01-01T00:00:00Z", ValidationError.class,
                "odt: Value '+99999-01-01T00:00:00Z' is out of range for DatetimeField (years 1 to 9999)"));
        out.add(new Refused(Gadget.class, "time", "25:00", ValidationError.class,
                "time: Value '25:00' is not a valid TimeField value"));
        out.add(new Refused(Gadget.class, "colour", "green", ValidationError.class,
                "colour: Value 'green' is not a valid CharEnumFieldInstance value"));
        out.add(new Refused(Gadget.class, "i__isnull", "maybe", ParamsError.class,
                "Filter param 'i__isnull' needs true or false, got 'maybe'"));
        out.add(new Refused(Gadget.class, "i__range", List.of("1"), ParamsError.class,
                "Filter param 'i__range' needs exactly two values (low, high), got 1"));
        out.add(new Refused(Shop.class, "gadget__odt__year", "x", ParamsError.class,
                "Filter param 'gadget__odt__year' needs a whole number, got 'x'"));
        out.add(new Refused(Shop.class, "gadget__i__search", "x", FieldError.class,
                "Lookup 'search' " + text + "IntField (filter param 'gadget__i__search')"));
        out.add(new Refused(Shop.class, "gadget__dec__posix_regex", "1", FieldError.class,
                "Lookup 'posix_regex' " + text + "DecimalField (filter param 'gadget__dec__posix_regex')"));
        out.add(new Refused(Shop.class, "gadget__chr__year", "1", FieldError.class,
                "Lookup 'year' " + date + "CharField (filter param 'gadget__chr__year')"));
        out.add(new Refused(Shop.class, "gadget__dec__in", List.of("1e20"), ValidationError.class,
                "dec: Value '1e20' is out of range for DecimalField(max_digits=10, decimal_places=2)"));
        out.add(new Refused(Shop.class, "gadget__chr", "\u0000", ValidationError.class,
                "chr: Value '\\u0000' contains a NUL character (\\u0000), which a text field can't hold"));
        out.add(new Refused(Shop.class, "gadget__isnull", "perhaps", ParamsError.class,
                "Filter param 'gadget__isnull' needs true or false, got 'perhaps'"));
        out.add(new Refused(Shop.class, "gadget", "abc", ValidationError.class,
                "gadget_id: Value 'abc' is not a valid IntField value"));
        out.add(new Refused(Shop.class, "gadget__nope", "1", FieldError.class,
                "Unknown filter param 'gadget__nope': model Gadget has no field 'nope'. Allowed values there are "
                        + "[pk, id, i, big, small, flt, dec, flag, chr, txt, uuid, odt, day, time, colour, level, "
                        + "shops]"));
        out.add(new Refused(Gadget.class, "shops__nope__x", "1", FieldError.class,
                "Unknown filter param 'shops__nope__x': model Shop has no field 'nope'. Allowed values there are "
                        + "[pk, id, name, gadget, gadget_id]"));
        return out;
    }

    @DatabaseTest
    void lookupsAndValuesTheDatabaseWouldRefuseAreOurErrorsAndSendNothing(DatabaseKind db) {
        try (Env env = env(db)) {
            for (Refused r : refusals()) {
                StepVerifier.create(env.of(r.model()).filter(r.key(), r.value()).count())
                        .expectErrorSatisfies(e -> {
                            assertThat(e).as("%s", r.key()).isExactlyInstanceOf(r.type());
                            if (r.message() != null) {
                                assertThat(e).as("%s", r.key()).hasMessage(r.message());
                            }
                        })
                        .verify(Env.TIMEOUT);
            }
            assertThat(env.statements().count()).isZero();
        }
    }

    @DatabaseTest
    void searchIsFullTextOnPostgresWithAParserThatTakesAnyInputAndUnsupportedOnH2(DatabaseKind db) {
        try (Env env = env(db)) {
            if (db == DatabaseKind.POSTGRES) {
                for (Object[] c : new Object[][] {{"quick fox", List.of(5)}, {"\"lazy dogs\"", List.of(7)},
                        {"fox or dogs", List.of(5, 7)}, {"fox -quick", List.of()}, {"!(&|:*'\\", List.of()},
                        {"", List.of()}}) {
                    StepVerifier.create(env.of(Gadget.class).filter("txt__search", c[0]).orderBy("i")
                                    .valuesList(true, "i").flux().collectList())
                            .assertNext(is -> assertThat(is).as("%s", c[0]).isEqualTo(c[1]))
                            .expectComplete().verify(Env.TIMEOUT);
                }
                StepVerifier.create(env.of(Shop.class).filter("gadget__chr__search", "alpha").valuesList(true, "name").flux()
                                .collectList())
                        .assertNext(n -> assertThat(n).isEqualTo(List.of("first"))).expectComplete().verify(Env.TIMEOUT);
            } else if (db == DatabaseKind.MARIADB) {
                // MATCH ... AGAINST (natural language mode) over a FULLTEXT index: any of the words matches, and
                // operators and punctuation are no syntax error
                env.query("CREATE FULLTEXT INDEX \"ft_gadget_txt\" ON \"gadget\" (\"txt\")");
                env.query("CREATE FULLTEXT INDEX \"ft_gadget_chr\" ON \"gadget\" (\"chr\")");
                for (Object[] c : new Object[][] {{"quick fox", List.of(5)}, {"\"lazy dogs\"", List.of(7)},
                        {"fox or dogs", List.of(5, 7)}, {"!(&|:*'\\", List.of()}, {"", List.of()}}) {
                    StepVerifier.create(env.of(Gadget.class).filter("txt__search", c[0]).orderBy("i")
                                    .valuesList(true, "i").flux().collectList())
                            .assertNext(is -> assertThat(is).as("%s", c[0]).isEqualTo(c[1]))
                            .expectComplete().verify(Env.TIMEOUT);
                }
                StepVerifier.create(env.of(Shop.class).filter("gadget__chr__search", "alpha").valuesList(true, "name").flux()
                                .collectList())
                        .assertNext(n -> assertThat(n).isEqualTo(List.of("first"))).expectComplete().verify(Env.TIMEOUT);
            } else {
                StepVerifier.create(env.of(Gadget.class).filter("txt__search", "fox"))
                        .expectErrorSatisfies(e -> assertThat(e).isExactlyInstanceOf(UnSupportedError.class)
                                .hasMessage("The search lookup (full-text search) is not supported by the h2 dialect"))
                        .verify(Env.TIMEOUT);
            }
        }
    }

    @DatabaseTest
    void aPatternOfTheLongestAllowedLengthRunsQuickly(DatabaseKind db) {
        try (Env env = env(db)) {
            String pattern = "(a|b)*".repeat(Lookups.MAX_PATTERN_LENGTH / 6) + "z";
            assertThat(pattern.length()).isLessThanOrEqualTo(Lookups.MAX_PATTERN_LENGTH);
            long start = System.nanoTime();
            StepVerifier.create(env.of(Gadget.class).filter("chr__posix_regex", pattern).count())
                    .assertNext(n -> assertThat(n).isZero()).expectComplete().verify(Env.TIMEOUT);
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms").isLessThan(2_000);
        }
    }
}
