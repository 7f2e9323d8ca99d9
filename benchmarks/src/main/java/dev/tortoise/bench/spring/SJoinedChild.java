package dev.tortoise.bench.spring;

import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A child row with its parent read from the same joined row: Spring Data R2DBC has no relations, so its way to
 * "select_related" is a repository query with the join, mapped to an entity whose parent is embedded from the
 * {@code p_}-prefixed columns.
 */
@Table("bench_child")
public class SJoinedChild extends SChild {
    @Embedded.Empty(prefix = "p_")
    public SParentRef joined;

    /** The parent columns of a joined row. */
    public static class SParentRef {
        public Integer id;
        public String name;
    }
}
