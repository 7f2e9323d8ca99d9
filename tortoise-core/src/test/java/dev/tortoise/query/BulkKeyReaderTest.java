package dev.tortoise.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How bulk_create reads back integer keys: one aggregated text (a range {@code first:count}, {@code first:-count}
 * stepping down, or every key), or rows of one key each, handed out in the rows' order, never sorted.
 */
class BulkKeyReaderTest {
    private static List<String> read(BulkWriter.KeyReader keys) {
        int count = keys.count();
        List<String> out = new ArrayList<>();
        keys.forEach((i, v) -> out.add(i + "=" + v));
        assertThat(out).hasSize(count);
        return out;
    }

    @Test
    void oneTextOfAscendingKeysIsHandedOutInItsOrder() {
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(3);
        keys.add(List.of("7,8,1000000000000"));
        assertThat(keys.count()).isEqualTo(3);
        assertThat(read(keys)).containsExactly("0=7", "1=8", "2=1000000000000");
    }

    @Test
    void oneTextOfKeysInAnyOrderIsHandedOutInItsOrder() {
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(4);
        keys.add(List.of("5,-2,40,3"));
        assertThat(read(keys)).containsExactly("0=5", "1=-2", "2=40", "3=3");
        BulkWriter.KeyReader down = new BulkWriter.KeyReader(3);
        down.add(List.of("100,97,94"));
        assertThat(read(down)).containsExactly("0=100", "1=97", "2=94");
    }

    @Test
    void aTextOfOneKeyAndEqualNeighboursAreKeptInOrderNotLost() {
        BulkWriter.KeyReader one = new BulkWriter.KeyReader(1);
        one.add("12");
        assertThat(read(one)).containsExactly("0=12");
        // Repeated keys (cannot happen for a primary key): every key kept, in its place.
        BulkWriter.KeyReader same = new BulkWriter.KeyReader(3);
        same.add(List.of("4,4,2"));
        assertThat(read(same)).containsExactly("0=4", "1=4", "2=2");
    }

    @Test
    void rowsOfOneKeyEachAsNumbersOrTextAreKeptInOrderAndNullRowsSkipped() {
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(2);
        keys.add(List.of(9));
        keys.add(java.util.Arrays.asList((Object) null));
        keys.add(3L);
        keys.add(List.of("6"));
        keys.add((short) 1);
        assertThat(read(keys)).containsExactly("0=9", "1=3", "2=6", "3=1");
    }

    @Test
    void aTextFollowedByMoreRowsIsReadAsRows() {
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(4);
        keys.add(List.of("10,11"));
        keys.add(List.of("2,3"));
        keys.add(1);
        assertThat(read(keys)).containsExactly("0=10", "1=11", "2=2", "3=3", "4=1");
    }

    @Test
    void noRowsOrOnlyANullAggregateAreNoKeys() {
        BulkWriter.KeyReader none = new BulkWriter.KeyReader(0);
        assertThat(read(none)).isEmpty();
        BulkWriter.KeyReader nullAggregate = new BulkWriter.KeyReader(5);
        nullAggregate.add(java.util.Arrays.asList((Object) null));
        assertThat(nullAggregate.count()).isZero();
        assertThat(read(nullAggregate)).isEmpty();
    }

    @Test
    void keyTextIsReadAsLongParseLongReadsIt() {
        String[] texts = {"0", "7", "-2", "+5", "123456789012345678", "999999999999999999", "1000000000000000000",
            String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE), "007"};
        for (String t : texts) {
            String framed = "x," + t + ",y";
            assertThat(BulkWriter.KeyReader.parseKey(framed, 2, 2 + t.length())).as(t).isEqualTo(Long.parseLong(t));
        }
        for (String bad : new String[] {"", "1a", "a", " 1", "-", "99999999999999999999"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> BulkWriter.KeyReader.parseKey(bad, 0, bad.length()))
                    .as(bad).isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void oneTextIsReadInOnePassWithEveryKeyAsParseKeyReadsIt() {
        String text = "+5,007,19,1000000000000000000,2000000000000000000";
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(5);
        keys.add(List.of(text));
        assertThat(keys.count()).isEqualTo(5);
        assertThat(read(keys)).containsExactly("0=5", "1=7", "2=19", "3=1000000000000000000",
                "4=2000000000000000000");
        List<Long> seen = new ArrayList<>();
        assertThat(BulkWriter.KeyReader.scan("3,1,2", (i, v) -> seen.add(v))).isEqualTo(3);
        assertThat(seen).containsExactly(3L, 1L, 2L);
        assertThat(BulkWriter.KeyReader.scan("1,2,3", null)).isEqualTo(3);
    }

    @Test
    void aBadKeyInTheTextFailsTheCountBeforeAnyKeyIsHandedOut() {
        for (String bad : new String[] {"1,x,3", "1,,3", "1,2,", "", "1,99999999999999999999"}) {
            BulkWriter.KeyReader keys = new BulkWriter.KeyReader(3);
            keys.add(List.of(bad));
            org.assertj.core.api.Assertions.assertThatThrownBy(keys::count).as(bad)
                    .isInstanceOf(NumberFormatException.class);
        }
    }

    @Test
    void aRangeIsItsFirstKeyAndEachOneMore() {
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(4);
        keys.add(List.of("101:4"));
        assertThat(keys.count()).isEqualTo(4);
        assertThat(read(keys)).containsExactly("0=101", "1=102", "2=103", "3=104");
        BulkWriter.KeyReader one = new BulkWriter.KeyReader(1);
        one.add("7:1");
        assertThat(read(one)).containsExactly("0=7");
    }

    @Test
    void aNegativeCountIsARangeThatStepsDownFromItsFirstKey() {
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(3);
        keys.add(List.of("-10:-3"));
        assertThat(keys.count()).isEqualTo(3);
        assertThat(read(keys)).containsExactly("0=-10", "1=-11", "2=-12");
        BulkWriter.KeyReader one = new BulkWriter.KeyReader(1);
        one.add("7:-1");
        assertThat(read(one)).containsExactly("0=7");
    }

    @Test
    void rangesReachTheEndsOfLong() {
        BulkWriter.KeyReader low = new BulkWriter.KeyReader(2);
        low.add(List.of(Long.MIN_VALUE + ":2"));
        assertThat(read(low)).containsExactly("0=" + Long.MIN_VALUE, "1=" + (Long.MIN_VALUE + 1));
        BulkWriter.KeyReader high = new BulkWriter.KeyReader(3);
        high.add(List.of((Long.MAX_VALUE - 2) + ":3"));
        assertThat(read(high)).containsExactly("0=" + (Long.MAX_VALUE - 2), "1=" + (Long.MAX_VALUE - 1),
                "2=" + Long.MAX_VALUE);
        BulkWriter.KeyReader negative = new BulkWriter.KeyReader(3);
        negative.add(List.of("-2:3"));
        assertThat(read(negative)).containsExactly("0=-2", "1=-1", "2=0");
        BulkWriter.KeyReader lowDown = new BulkWriter.KeyReader(3);
        lowDown.add(List.of((Long.MIN_VALUE + 2) + ":-3"));
        assertThat(read(lowDown)).containsExactly("0=" + (Long.MIN_VALUE + 2), "1=" + (Long.MIN_VALUE + 1),
                "2=" + Long.MIN_VALUE);
        BulkWriter.KeyReader highDown = new BulkWriter.KeyReader(2);
        highDown.add(List.of(Long.MAX_VALUE + ":-2"));
        assertThat(read(highDown)).containsExactly("0=" + Long.MAX_VALUE, "1=" + (Long.MAX_VALUE - 1));
    }

    @Test
    void aRangeFollowedByMoreRowsIsReadAsRows() {
        BulkWriter.KeyReader keys = new BulkWriter.KeyReader(2);
        keys.add(List.of("10:2"));
        keys.add(List.of("3:2"));
        keys.add(List.of("1,20"));
        keys.add(List.of("8:-2"));
        keys.add(2L);
        assertThat(read(keys)).containsExactly("0=10", "1=11", "2=3", "3=4", "4=1", "5=20", "6=8", "7=7", "8=2");
    }

    @Test
    void aBadRangeFailsTheCountBeforeAnyKeyIsHandedOut() {
        String[] bad = {"1:0", "1:-0", "1:", "1:-", ":3", "x:3", "1:2:3", "1:99999999999", (Long.MAX_VALUE - 1) + ":3",
            (Long.MIN_VALUE + 1) + ":-3", "1:" + Integer.MIN_VALUE, "1,2:3"};
        for (String text : bad) {
            BulkWriter.KeyReader keys = new BulkWriter.KeyReader(3);
            keys.add(List.of(text));
            org.assertj.core.api.Assertions.assertThatThrownBy(keys::count).as(text)
                    .isExactlyInstanceOf(NumberFormatException.class);
        }
        BulkWriter.KeyReader zero = new BulkWriter.KeyReader(3);
        zero.add(List.of("1:0"));
        org.assertj.core.api.Assertions.assertThatThrownBy(zero::count)
                .hasMessage("Not a range of keys: \"1:0\"");
    }
}
