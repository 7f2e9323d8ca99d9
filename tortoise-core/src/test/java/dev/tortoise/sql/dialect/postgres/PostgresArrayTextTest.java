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

    @Test
    void textsShortAndLongAndNumbersOfEveryWidthGiveTheTextOfAPlainCharByCharWriter() {
        // Texts around the length up to which escapes are looked for char by char (16), each with its quote,
        // backslash or non-Latin-1 char at the start, in the middle or at the end, beside texts with none; then
        // the texts without escapes alone (the writing pass that looks for none).
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int len = 0; len <= 40; len++) {
            String plain = "x".repeat(len);
            texts.add(plain);
            if (len > 0) {
                for (int at : new int[] {0, len / 2, len - 1}) {
                    texts.add(plain.substring(0, at) + '"' + plain.substring(at + 1));
                    texts.add(plain.substring(0, at) + '\\' + plain.substring(at + 1));
                    texts.add(plain.substring(0, at) + '\u20ac' + plain.substring(at + 1));
                }
            }
            texts.add(null);
        }
        String[] all = texts.toArray(new String[0]);
        assertThat(PostgresDialect.arrayLiteral(all)).isEqualTo(reference(all));
        String[] plain = texts.stream().filter(t -> t == null || t.indexOf('"') < 0 && t.indexOf('\\') < 0)
                .toArray(String[]::new);
        assertThat(PostgresDialect.arrayLiteral(plain)).isEqualTo(reference(plain));
        Long[] longs = {0L, 1L, 9L, 10L, -1L, -9L, -10L, 99L, 100L, (long) Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MIN_VALUE + 1, null, 1_000_000_000_000_000_000L};
        assertThat(PostgresDialect.arrayLiteral(longs)).isEqualTo(reference(longs))
                .isEqualTo("{0,1,9,10,-1,-9,-10,99,100,2147483647,2147483648,-2147483648,-2147483649,"
                        + "9223372036854775807,-9223372036854775808,-9223372036854775807,NULL,1000000000000000000}");
        Short[] shorts = new Short[200];
        Integer[] ints = new Integer[200];
        for (int i = 0; i < 200; i++) {
            shorts[i] = i % 17 == 0 ? null : (short) (i * 331 - 30_000);
            ints[i] = i % 13 == 0 ? null : i * 10_737_401 - 1_000_000_000;
        }
        assertThat(PostgresDialect.arrayLiteral(shorts)).isEqualTo(reference(shorts));
        assertThat(PostgresDialect.arrayLiteral(ints)).isEqualTo(reference(ints));
    }

    /** The array text written char by char with no sizing, as the reference the dialect's text must equal. */
    private static String reference(Object[] array) {
        StringBuilder sb = new StringBuilder("{");
        for (int r = 0; r < array.length; r++) {
            sb.append(r == 0 ? "" : ",");
            Object v = array[r];
            if (v == null) {
                sb.append("NULL");
            } else if (v instanceof String s) {
                sb.append('"');
                for (char ch : s.toCharArray()) {
                    sb.append(ch == '"' || ch == '\\' ? "\\" + ch : String.valueOf(ch));
                }
                sb.append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }
}
