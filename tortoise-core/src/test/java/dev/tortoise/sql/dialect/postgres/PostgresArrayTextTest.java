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
}
