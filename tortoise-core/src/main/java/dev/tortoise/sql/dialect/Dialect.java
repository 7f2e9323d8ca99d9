package dev.tortoise.sql.dialect;

import dev.tortoise.exception.UnSupportedError;
import dev.tortoise.sql.ast.AlterTable;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.CommentOn;
import dev.tortoise.sql.ast.CreateTable;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.DropIndex;
import dev.tortoise.sql.ast.InList;
import dev.tortoise.sql.ast.InSubquery;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.Like;
import dev.tortoise.sql.ast.Lock;
import dev.tortoise.sql.ast.RenameIndex;
import dev.tortoise.sql.ast.SubqueryExpr;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.ast.UpdateRows;
import java.util.List;

/**
 * Everything that differs between databases, as one object of small strategies with stated
 * defaults: quoting, bind markers, paging, type names and DDL, capabilities, the spelling of vendor
 * statements (upsert, generated keys, many-row updates, array binds, LIKE, locks, comments) and
 * the reading of error codes. Each database implements it in its own package and registers a
 * {@link DialectProvider}; nothing outside {@code sql.dialect} knows which database it talks to.
 */
public interface Dialect {

    /** The dialect's short name: {@code postgres}, {@code h2}. */
    String name();

    /** The identifier in the database's quotes, with embedded quotes doubled. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * A value as a literal in this database's SQL, for display only ({@code sql(paramsInline)}):
     * strings single-quoted with quotes doubled, date/time values as typed literals, arrays as
     * {@code ARRAY[...]}. The ORM never runs SQL with inlined values.
     */
    default String literal(Object value) {
        return SqlLiterals.standard(value);
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

    /**
     * Whether an INSERT may carry a conflict clause (ignore_conflicts, on_conflict) that
     * {@link #writeUpsert} can render.
     */
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

    // ------------------------------------------------------------------ statement hooks
    // Each writes one construct whose spelling differs between databases; the default is the SQL
    // standard's (or the common) form. A hook that the database cannot express raises UnSupportedError.

    /**
     * Writes an INSERT: with a conflict clause through {@link #writeUpsert}, with generated columns
     * to hand back through {@link #writeReturningInsert}, else the plain statement.
     */
    default void writeInsert(Insert insert, SqlWriter w) {
        if (insert.onConflict() != null) {
            if (!supportsOnConflict()) {
                throw new UnSupportedError("Inserting with a conflict clause (ignore_conflicts, on_conflict) is not "
                + "supported by the " + name() + " dialect");
            }
            writeUpsert(insert, w);
        } else if (!insert.returning().isEmpty()) {
            writeReturningInsert(insert, w);
        } else {
            writeInsertBody(insert, w);
        }
    }

    /** Writes {@code INSERT INTO t (cols) <rows>}, or {@code INSERT INTO t DEFAULT VALUES} without columns. */
    default void writeInsertBody(Insert insert, SqlWriter w) {
        w.sql("INSERT INTO ").table(insert.table());
        if (insert.columns().isEmpty()) {
            w.sql(" DEFAULT VALUES");
            return;
        }
        w.sql(" (").columns(insert.columns()).sql(")");
        writeInsertRows(insert, w);
    }

    /** Writes the rows of an INSERT after its column list: {@code VALUES (...),(...)}. */
    default void writeInsertRows(Insert insert, SqlWriter w) {
        w.sql(" VALUES ");
        for (int r = 0; r < insert.rows().size(); r++) {
            w.sql(r > 0 ? ",(" : "(").exprs(insert.rows().get(r)).sql(")");
        }
    }

    /**
     * Writes an INSERT that hands back its {@code returning} columns (generated keys): RETURNING,
     * a data-change table (FINAL TABLE)... No standard form is common; by default unsupported.
     */
    default void writeReturningInsert(Insert insert, SqlWriter w) {
        throw new UnSupportedError("Returning generated columns from an INSERT is not supported by the " + name()
                + " dialect");
    }

    /**
     * Writes an INSERT with a conflict clause: skip conflicting rows ({@code doNothing}) or update
     * the listed columns from the proposed row. No standard form exists; by default unsupported.
     */
    default void writeUpsert(Insert insert, SqlWriter w) {
        throw new UnSupportedError("Inserting with a conflict clause (ignore_conflicts, on_conflict) is not "
                + "supported by the " + name() + " dialect");
    }

    /**
     * Writes an update of many rows, each to its own values, as a join against the given rows
     * (bulk_update). No standard form short of MERGE exists; by default unsupported.
     */
    default void writeUpdateRows(UpdateRows update, SqlWriter w) {
        throw new UnSupportedError("Updating many rows at once is not supported by the " + name() + " dialect");
    }

    /** Writes {@code expr [NOT] IN (values)} for a non-empty list; a dialect may bind the list as one array. */
    default void writeInList(InList in, SqlWriter w) {
        w.expr(in.expr()).sql(in.negated() ? " NOT IN (" : " IN (").exprs(in.values()).sql(")");
    }

    /** Writes {@code expr [NOT] IN (SELECT ...)}. */
    default void writeInSubquery(InSubquery in, SqlWriter w) {
        w.expr(in.expr()).sql(in.negated() ? " NOT IN " : " IN ").expr(new SubqueryExpr(in.select()));
    }

    /**
     * Writes a LIKE whose pattern escapes with backslash. A text operand is matched as it is (so that
     * text-pattern and trigram indexes apply); any other is cast to {@link #textCastType()} first.
     */
    default void writeLike(Like like, SqlWriter w) {
        if (like.caseInsensitive()) {
            w.sql("UPPER(");
            likeOperand(like, w);
            w.sql(") LIKE UPPER(").expr(like.pattern()).sql(")");
        } else {
            likeOperand(like, w);
            w.sql(" LIKE ").expr(like.pattern());
        }
        w.sql(" ESCAPE '\\'");
    }

    private void likeOperand(Like like, SqlWriter w) {
        if (like.textOperand()) {
            w.expr(like.expr());
        } else {
            w.sql("CAST(").expr(like.expr()).sql(" AS ").sql(textCastType()).sql(")");
        }
    }

    /**
     * Writes the locking clause of a SELECT ({@code FOR UPDATE [OF t] [NOWAIT | SKIP LOCKED]}),
     * leaving out what {@link #supportsForUpdate()} and its siblings say the database lacks.
     */
    default void writeLock(Lock lock, SqlWriter w) {
        if (!supportsForUpdate()) {
            return;
        }
        w.sql(" FOR UPDATE");
        if (!lock.of().isEmpty() && supportsForUpdateOf()) {
            w.sql(" OF ").columns(lock.of());
        }
        if (supportsLockWaitOptions()) {
            if (lock.nowait()) {
                w.sql(" NOWAIT");
            } else if (lock.skipLocked()) {
                w.sql(" SKIP LOCKED");
            }
        }
    }

    /** Writes a table or column comment: {@code COMMENT ON TABLE|COLUMN ... IS '...'} by default. */
    default void writeComment(CommentOn comment, SqlWriter w) {
        w.sql(comment.column() == null ? "COMMENT ON TABLE " : "COMMENT ON COLUMN ").table(comment.table());
        if (comment.column() != null) {
            w.sql(".").identifier(comment.column());
        }
        // DDL cannot take bind parameters; the text comes from model metadata and is escaped as a literal.
        w.sql(" IS ").sql(stringLiteral(comment.comment()));
    }

    /**
     * Writes what follows a column's definition in CREATE TABLE (after NOT NULL, keys and DEFAULT):
     * nothing by default; a database that keeps comments in the definition writes
     * {@code COMMENT '...'} here (its {@link #writeComment} then has nothing to add).
     */
    default void writeColumnOptions(ColumnDef column, SqlWriter w) {
    }

    /** Writes what follows CREATE TABLE's closing parenthesis (engine, charset, comment): nothing by default. */
    default void writeTableOptions(CreateTable table, SqlWriter w) {
    }

    /**
     * Writes one ALTER TABLE change of a migration in the SQL standard's spelling (which H2 and
     * PostgreSQL share): {@code ADD COLUMN <definition>}, {@code DROP COLUMN}, {@code RENAME COLUMN a TO b},
     * {@code ALTER COLUMN c SET DATA TYPE t}, {@code ALTER COLUMN c SET|DROP NOT NULL},
     * {@code ALTER COLUMN c SET|DROP DEFAULT}, {@code ADD CONSTRAINT n UNIQUE (...)},
     * {@code DROP CONSTRAINT n} (also for foreign keys), {@code RENAME CONSTRAINT a TO b} (also for foreign
     * keys) and {@code RENAME TO n}; comment changes are {@link #writeComment}'s statements. A database that
     * restates whole column definitions (MODIFY) or names foreign keys apart overrides the case it spells
     * differently.
     */
    default void writeAlterTable(AlterTable alter, SqlWriter w) {
        AlterTable.Action a = alter.action();
        if (a instanceof AlterTable.SetColumnComment c) {
            writeComment(new CommentOn(alter.table(), c.column().name(),
                    c.column().comment() == null ? "" : c.column().comment()), w);
            return;
        }
        if (a instanceof AlterTable.SetTableComment c) {
            writeComment(new CommentOn(alter.table(), null, c.comment() == null ? "" : c.comment()), w);
            return;
        }
        w.sql("ALTER TABLE ").table(alter.table()).sql(" ");
        if (a instanceof AlterTable.AddColumn add) {
            w.sql("ADD COLUMN ").columnDefinition(add.column());
        } else if (a instanceof AlterTable.DropColumn d) {
            w.sql("DROP COLUMN ").identifier(d.column());
        } else if (a instanceof AlterTable.RenameColumn r) {
            w.sql("RENAME COLUMN ").identifier(r.from()).sql(" TO ").identifier(r.to());
        } else if (a instanceof AlterTable.AlterColumnType t) {
            w.sql("ALTER COLUMN ").identifier(t.column().name()).sql(" SET DATA TYPE ")
                    .sql(typeName(t.column().type()));
        } else if (a instanceof AlterTable.SetNullable n) {
            w.sql("ALTER COLUMN ").identifier(n.column().name())
                    .sql(n.column().nullable() ? " DROP NOT NULL" : " SET NOT NULL");
        } else if (a instanceof AlterTable.SetDefault d) {
            w.sql("ALTER COLUMN ").identifier(d.column());
            if (d.value() == null) {
                w.sql(" DROP DEFAULT");
            } else {
                w.sql(" SET DEFAULT ").expr(d.value());
            }
        } else if (a instanceof AlterTable.AddUnique u) {
            w.sql("ADD CONSTRAINT ").identifier(u.name()).sql(" UNIQUE (").columns(u.columns()).sql(")");
        } else if (a instanceof AlterTable.DropConstraint d) {
            w.sql("DROP CONSTRAINT ").identifier(d.name());
        } else if (a instanceof AlterTable.DropForeignKey d) {
            w.sql("DROP CONSTRAINT ").identifier(d.name());
        } else if (a instanceof AlterTable.RenameConstraint r) {
            w.sql("RENAME CONSTRAINT ").identifier(r.from()).sql(" TO ").identifier(r.to());
        } else if (a instanceof AlterTable.RenameForeignKey r) {
            w.sql("RENAME CONSTRAINT ").identifier(r.from()).sql(" TO ").identifier(r.to().name());
        } else if (a instanceof AlterTable.RenameTo r) {
            w.sql("RENAME TO ").identifier(r.name());
        }
    }

    /**
     * The name a migration gives a unique constraint over {@code columns}, whose generated name (as
     * {@code unique_together}'s, {@code uid_<table>_<column>_<hash>}) is {@code generatedName}: that name by
     * default. A database that reports a violated unique key by its name alone names a single-column one after its
     * column, as it names the inline {@code UNIQUE} of {@code generateSchemas}, so that the error names the field.
     */
    default String uniqueConstraintName(String generatedName, List<String> columns) {
        return generatedName;
    }

    /** Writes {@code DROP INDEX [schema.]name}; a database whose indexes belong to their table adds {@code ON table}. */
    default void writeDropIndex(DropIndex drop, SqlWriter w) {
        w.sql("DROP INDEX ").table(TableRef.of(drop.table().schema(), drop.name()));
    }

    /** Writes {@code ALTER INDEX [schema.]from RENAME TO to}. */
    default void writeRenameIndex(RenameIndex rename, SqlWriter w) {
        w.sql("ALTER INDEX ").table(TableRef.of(rename.table().schema(), rename.from()))
                .sql(" RENAME TO ").identifier(rename.to());
    }

    /** The type name a CAST converts to; the column type's name by default. */
    default String castTypeName(ColumnType type) {
        return typeName(type);
    }

    /**
     * Writes a vendor operation (JSON, full-text, regex) by filling {@link #template}: {@code {0}},
     * {@code {1}}... become the rendered arguments and {@code {path}} the JSON path as one text-array
     * bind. A database whose spelling does not fit a template (a JSON path as text) overrides this.
     */
    default void writeDialectOp(DialectOp op, SqlWriter w) {
        String template = template(op.kind());
        if (template == null) {
            throw new UnSupportedError(describe(op.kind()) + " is not supported by the " + name() + " dialect");
        }
        int i = 0;
        while (i < template.length()) {
            char ch = template.charAt(i);
            if (ch == '{') {
                int end = template.indexOf('}', i);
                String key = template.substring(i + 1, end);
                if (key.equals("path")) {
                    w.bind(new Bind(op.path().toArray(new String[0]), String[].class, null));
                } else {
                    w.expr(op.args().get(Integer.parseInt(key)));
                }
                i = end + 1;
            } else {
                int next = template.indexOf('{', i);
                w.sql(template.substring(i, next < 0 ? template.length() : next));
                i = next < 0 ? template.length() : next;
            }
        }
    }

    /** The feature a vendor operation serves, for the "not supported" message. */
    private static String describe(DialectOp.Kind kind) {
        return switch (kind) {
            case POSIX_REGEX -> "The posix_regex lookup";
            case IPOSIX_REGEX -> "The iposix_regex lookup";
            case SEARCH -> "The search lookup (full-text search)";
            case JSON_CONTAINS -> "The JSON contains lookup";
            case JSON_CONTAINED_BY -> "The JSON contained_by lookup";
            case JSON_PATH_TEXT, JSON_PATH -> "A JSON path filter";
        };
    }

    /** A string as an SQL literal, for DDL that takes no parameters: quotes doubled by default. */
    default String stringLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    // ------------------------------------------------------------------ values

    /**
     * Whether values pass through {@link #bindValue}, {@link #driverClass} and {@link #readValue} on
     * their way to and from the driver: only where the driver lacks a codec the ORM relies on
     * (r2dbc-mariadb has none for OffsetDateTime). False by default, and then nothing is wrapped.
     */
    default boolean convertsValues() {
        return false;
    }

    /**
     * A non-null bind value as the driver can encode it; the value itself by default. A function of the value
     * alone: the engine may bind one result again for the same object bound again in a statement.
     */
    default Object bindValue(Object value) {
        return value;
    }

    /** The class the driver reads (or binds a null of) where the ORM asks for {@code type}; {@code type} by default. */
    default Class<?> driverClass(Class<?> type) {
        return type;
    }

    /** A value read as {@link #driverClass}{@code (requested)} turned into {@code requested}; as read by default. */
    default Object readValue(Object raw, Class<?> requested) {
        return raw;
    }

    // ------------------------------------------------------------------ errors

    /**
     * What kind of failure an error with this SQLSTATE (empty when the driver gave none) and vendor
     * code is, or null when they tell nothing (the execution layer then looks at the driver's
     * exception class). By default the SQL standard's SQLSTATE classes.
     */
    default ErrorCategory classifyError(String sqlState, int vendorCode) {
        return standardErrorCategory(sqlState);
    }

    /**
     * The standard SQLSTATE, constraint and columns of an integrity error, read from the vendor code and
     * message, for a database whose SQLSTATE does not tell the kind of constraint (MariaDB's 23000 for
     * all); null by default: the SQLSTATE and the common reading of the message apply.
     */
    default IntegrityFacts integrityFacts(String sqlState, int vendorCode, String message) {
        return null;
    }

    /**
     * Whether an error with this SQLSTATE and vendor code is a statement ended by its timeout
     * (QueryTimeoutError). SQLSTATE 57014 (query cancelled: PostgreSQL's and H2's) always is; a
     * database reporting it otherwise says so here.
     */
    default boolean isStatementTimeout(String sqlState, int vendorCode) {
        return false;
    }

    /**
     * The driver's message fit to show: without the SQL text some drivers append (the statement is
     * attached to the exception separately).
     */
    default String cleanErrorMessage(String message) {
        return message.strip();
    }

    /** The SQL standard's reading of a SQLSTATE, or null when its class says nothing specific. */
    static ErrorCategory standardErrorCategory(String sqlState) {
        if (sqlState.startsWith("23")) {
            return ErrorCategory.INTEGRITY;
        }
        if (sqlState.startsWith("22")) {
            return ErrorCategory.DATA;
        }
        if (sqlState.startsWith("25") || sqlState.startsWith("2D") || sqlState.equals("40000")) {
            return ErrorCategory.TRANSACTION;
        }
        if (sqlState.startsWith("08") || sqlState.startsWith("28")) {
            return ErrorCategory.CONNECTION;
        }
        return null;
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
     * H2's MERGE) is atomic against a concurrent insert of the same key. PostgreSQL's is;
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

    /**
     * The dialect registered for a database name: the dialect's own name, an R2DBC driver name or the
     * product name R2DBC reports ({@code ConnectionFactoryMetadata#getName}), compared ignoring case.
     *
     * @throws IllegalArgumentException naming the known databases when no provider serves the name
     */
    static Dialect forName(String name) {
        return Dialects.forName(name).dialect();
    }
}
