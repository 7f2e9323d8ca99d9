package dev.tortoise.sql.dialect;

import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;

/**
 * Everything that differs between databases, as one object of small strategies: quoting, bind
 * markers, paging, type names, capabilities and the spelling of vendor operations. Nothing
 * outside {@code sql.dialect} knows which database it talks to.
 */
public interface Dialect {

    /** How an INSERT hands back generated columns. */
    enum Returning {
        /** {@code INSERT ... RETURNING cols}. */
        RETURNING,
        /** {@code SELECT cols FROM FINAL TABLE (INSERT ...)}. */
        FINAL_TABLE
    }

    /** How an INSERT that may conflict with a unique key (ignore_conflicts, on_conflict) is spelled. */
    enum UpsertStyle {
        /** {@code INSERT ... ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET c=EXCLUDED.c}. */
        ON_CONFLICT,
        /**
         * {@code MERGE INTO t USING (VALUES ...) s(cols) ON keys WHEN MATCHED THEN UPDATE ...
         * WHEN NOT MATCHED THEN INSERT ...}: the SQL standard's MERGE, matching on named keys.
         */
        MERGE_USING
    }

    /** The dialect's short name: {@code postgres}, {@code h2}. */
    String name();

    /** The identifier in the database's quotes, with embedded quotes doubled. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The placeholder for the bind parameter at {@code index} (0-based). */
    String bindMarker(int index);

    /** The SQL name of a column type: the database's own name where it has one, else the standard name. */
    default String typeName(ColumnType t) {
        String own = nativeTypeName(t);
        if (own != null) {
            return own;
        }
        return switch (t.kind()) {
            case SMALLINT -> "SMALLINT";
            case INT -> "INT";
            case BIGINT -> "BIGINT";
            case DOUBLE -> "DOUBLE PRECISION";
            case DECIMAL -> "DECIMAL(" + t.length() + "," + t.scale() + ")";
            case BOOLEAN -> "BOOLEAN";
            case VARCHAR -> "VARCHAR(" + t.length() + ")";
            case TEXT -> "TEXT";
            case UUID -> "UUID";
            case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE";
            case TIMESTAMP -> "TIMESTAMP";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case JSON -> "JSON";
            case BINARY -> "BLOB";
        };
    }

    /** The database's own name for a column type where it differs from the standard one, else null. */
    default String nativeTypeName(ColumnType type) {
        return null;
    }

    /** The column definition of a database-generated integer primary key, after the column name. */
    String generatedKeyDefinition(ColumnType type);

    /** The template of a date-part extraction, with {@code %s} where the expression goes. */
    String extractTemplate(DatePart part);

    /** The type a LIKE operand is cast to so that non-text columns can be matched. */
    default String textCastType() {
        return "VARCHAR";
    }

    /**
     * The SQL function name for a neutral function name, or null when the database has no such
     * function.
     */
    default String functionName(String neutralName) {
        return neutralName;
    }

    /**
     * The template of a vendor operation with {@code {0}}, {@code {1}}... for its rendered
     * arguments, or null when the database cannot express it.
     */
    String template(DialectOp.Kind kind);

    /** The SQL that prefixes a statement to show its plan. */
    String explainPrefix();

    /** How generated columns come back from an INSERT. */
    Returning returning();

    /** Whether {@code IN} lists are sent as one array parameter (canonical SQL text) for this element type. */
    default boolean bindsInListAsArray(Class<?> elementType) {
        return false;
    }

    /**
     * Whether a multi-row INSERT whose values are all plain binds is sent as one array parameter
     * per column ({@code INSERT ... SELECT * FROM unnest($1::t1[], $2::t2[])}): the SQL text then
     * does not depend on the number of rows (one prepared statement for every batch) and the
     * bind-parameter limit stops mattering. Only when every column has a {@link #rowsArrayType};
     * other inserts keep VALUES rows.
     */
    default boolean insertsRowsAsArrays() {
        return false;
    }

    /**
     * The SQL array type a column of {@code type}, bound as {@code elementType} values, is cast to
     * when its rows go as one array ({@link #insertsRowsAsArrays()}), or null when the driver can't
     * bind such an array (those rows keep VALUES). By default the types {@link #bindsInListAsArray}
     * accepts and that need no cast of their own.
     */
    default String rowsArrayType(ColumnType type, Class<?> elementType) {
        return bindCast(type) == null && bindsInListAsArray(elementType) ? typeName(type) + "[]" : null;
    }

    /** The limit/offset clause for the given rendered markers (either may be null). */
    default String limitOffset(String limitMarker, String offsetMarker) {
        StringBuilder sb = new StringBuilder();
        if (limitMarker != null) {
            sb.append(" LIMIT ").append(limitMarker);
        }
        if (offsetMarker != null) {
            sb.append(" OFFSET ").append(offsetMarker);
        }
        return sb.toString();
    }

    /** Whether SELECT ... FOR UPDATE is supported; when not, a lock request is silently dropped (as Tortoise). */
    default boolean supportsForUpdate() {
        return true;
    }

    /** Whether {@code FOR UPDATE OF tables} is supported. */
    default boolean supportsForUpdateOf() {
        return true;
    }

    /** Whether NOWAIT and SKIP LOCKED are supported. */
    default boolean supportsLockWaitOptions() {
        return true;
    }

    /** Whether INSERT ... ON CONFLICT is supported. */
    default boolean supportsOnConflict() {
        return true;
    }

    /**
     * Whether a failing statement leaves none of its changes behind outside a transaction.
     * PostgreSQL's statements are atomic; H2 (2.x, autocommit) keeps the rows a multi-row INSERT
     * wrote before the failing row, so multi-row writes there run inside a transaction.
     */
    default boolean atomicStatements() {
        return true;
    }

    /** How conflicting inserts are spelled. */
    default UpsertStyle upsertStyle() {
        return UpsertStyle.ON_CONFLICT;
    }

    /** The most bind parameters one statement may carry. */
    default int maxBindParameters() {
        return 32_767;
    }

    /** A cast applied to a bind of this column type, as {@code CAST(? AS type)}; null for none. */
    default String bindCast(ColumnType type) {
        return null;
    }

    /**
     * Wraps an {@code ALTER TABLE ... ADD CONSTRAINT} so that it does nothing when the constraint
     * exists (for safe schema generation).
     */
    default String addConstraintIfNotExists(String alterSql, String constraintName) {
        return alterSql.replaceFirst(" ADD CONSTRAINT ", " ADD CONSTRAINT IF NOT EXISTS ");
    }

    /** Whether a failed statement aborts the whole transaction until rollback (PostgreSQL does; H2 does not). */
    default boolean errorAbortsTransaction() {
        return false;
    }

    /**
     * Whether a statement whose subscriber cancels is read to its end (rows dropped unmapped) before
     * its connection is released, rather than cancelled in the driver. True where the driver leaks
     * the buffers of a result cancelled midway (r2dbc-postgresql); an in-process database (H2) has
     * nothing in flight and is cancelled.
     */
    default boolean drainsResultOnCancel() {
        return false;
    }

    /**
     * The statement that limits how long each later statement of the session may run, in
     * milliseconds (0: no limit), for databases whose R2DBC driver cannot cancel a running
     * statement itself; null where the driver can (r2dbc-postgresql's cancel request). r2dbc-h2's
     * {@code Connection.setStatementTimeout} does nothing, so H2 uses its own {@code SET QUERY_TIMEOUT},
     * which the engine enforces inside the database.
     */
    default String sessionStatementTimeoutSql(long millis) {
        return null;
    }

    /**
     * Whether the R2DBC driver does its work synchronously on the subscribing thread (r2dbc-h2 runs
     * the embedded engine in the calling thread), so that the ORM must move that work off reactive
     * threads.
     */
    default boolean blockingDriver() {
        return false;
    }

    /**
     * Whether an insert that skips rows conflicting with a unique key (ON CONFLICT DO NOTHING, or
     * {@link UpsertStyle#MERGE_USING}) is atomic against a concurrent insert of the same key. PostgreSQL's is;
     * H2's MERGE looks for the row and then inserts it, so two sessions adding the same key at once
     * can both miss it and one fails with a unique violation: the ORM then runs the losing insert again.
     */
    default boolean atomicUpserts() {
        return true;
    }

    /**
     * The statement that moves the generator of an integer primary key past an explicitly inserted
     * value, so that later generated keys do not collide with it; null when the database does so by
     * itself. Placeholders: {@code {table}} / {@code {column}} the quoted identifiers, and as bind
     * values {@code {tableText}} (the quoted, schema-qualified table name as text), {@code {schema}}
     * (the schema, possibly null), {@code {tableName}}, {@code {columnName}} and {@code {value}}
     * (the inserted key, a long). The statement never moves the generator backwards.
     */
    default String advanceGeneratedKeyTemplate() {
        return null;
    }

    /** The dialect for a database name as R2DBC reports it ({@code ConnectionFactoryMetadata#getName}) or a URL driver. */
    static Dialect forName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.contains("postgres")) {
            return PostgresDialect.INSTANCE;
        }
        if (n.contains("h2")) {
            return H2Dialect.INSTANCE;
        }
        throw new IllegalArgumentException("No SQL dialect for database '" + name + "'; supported: postgres, h2");
    }
}
