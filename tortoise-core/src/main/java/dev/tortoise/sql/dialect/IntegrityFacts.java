package dev.tortoise.sql.dialect;

import java.util.List;

/**
 * What a database's integrity error says, as its dialect reads it ({@link Dialect#integrityFacts}) where
 * its SQLSTATE alone does not tell the kind of constraint.
 *
 * @param sqlState the standard SQLSTATE of the violation: 23505 unique, 23503 foreign key, 23502 not null,
 *     23514 check
 * @param constraint the constraint or index name, or null
 * @param columns the columns the message names (empty when it names none)
 */
public record IntegrityFacts(String sqlState, String constraint, List<String> columns) {
    public IntegrityFacts {
        columns = List.copyOf(columns);
    }
}
