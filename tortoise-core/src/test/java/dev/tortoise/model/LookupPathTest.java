package dev.tortoise.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tortoise.internal.model.LookupPath;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LookupPathTest {

    @Test
    void splitsLikeStringSplitWithoutARegex() {
        for (String key : new String[] {"name", "name__icontains", "events__participants__name__icontains", "a____b",
            "a___b", "__a", "a__", "", "_", "__", "a_b__c_d"}) {
            assertThat(LookupPath.parts(key)).as(key).containsExactly(key.split("__", -1));
            assertThat(LookupPath.head(key)).as(key).isEqualTo(key.split("__", 2)[0]);
        }
    }
}
