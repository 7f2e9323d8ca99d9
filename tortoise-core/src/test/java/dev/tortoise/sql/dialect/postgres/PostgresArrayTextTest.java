package dev.tortoise.sql.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text of an array that PostgreSQL's unnest binds for text and integer columns. */
class PostgresArrayTextTest {

    @Test
    void postgresArrayTextQuotesEveryTextAndEscapesQuotesAndBackslashes() {
        assertThat(PostgresDialect.arrayLiteral(
                new String[] {"a\"b", null, "NULL", "", " x ", "a\\b", "é,}{"}))
                .isEqualTo("{\"a\\\"b\",NULL,\"NULL\",\"\",\" x \",\"a\\\\b\",\"é,}{\"}");
        assertThat(PostgresDialect.arrayLiteral(
                new Short[] {Short.MIN_VALUE, null, Short.MAX_VALUE})).isEqualTo("{-32768,NULL,32767}");
        assertThat(PostgresDialect.arrayLiteral(
                new Long[] {Long.MIN_VALUE, 0L})).isEqualTo("{-9223372036854775808,0}");
        assertThat(PostgresDialect.arrayLiteral(new Integer[0])).isEqualTo("{}");
        // Other element types keep the driver's arrays.
        assertThat(PostgresDialect.arrayLiteral(
                new java.math.BigDecimal[] {java.math.BigDecimal.ONE})).isNull();
    }

    @Test
    void numbersAreSizedByTheirExactCharacters() {
        long[] values = {0, 1, 9, 10, 99, 100, -1, -9, -10, -100, 32767, -32768, Integer.MAX_VALUE, Integer.MIN_VALUE,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long v : values) {
            assertThat(PostgresDialect.characters(v)).as(Long.toString(v)).isEqualTo(Long.toString(v).length());
        }
        assertThat(PostgresDialect.arrayLiteral(new Integer[] {Integer.MIN_VALUE, 7, null, -10, 1000}))
                .isEqualTo("{-2147483648,7,NULL,-10,1000}");
    }

    @Test
    void textsWithAndWithoutEscapesSideBySideGiveTheSameTextAsOneByOne() {
        String[] texts = {"c 1/2", "q\"", "", "\\", "plain text", "both \" and \\", "ü"};
        StringBuilder expected = new StringBuilder("{");
        for (int i = 0; i < texts.length; i++) {
            expected.append(i == 0 ? "" : ",").append(PostgresDialect.arrayLiteral(new String[] {texts[i]}),
                    1, PostgresDialect.arrayLiteral(new String[] {texts[i]}).length() - 1);
        }
        assertThat(PostgresDialect.arrayLiteral(texts)).isEqualTo(expected.append('}').toString())
                .isEqualTo("{\"c 1/2\",\"q\\\"\",\"\",\"\\\\\",\"plain text\",\"both \\\" and \\\\\",\"ü\"}");
    }
}
