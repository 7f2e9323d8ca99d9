package dev.tortoise.sql.dialect.mariadb;

import dev.tortoise.sql.ast.AlterTable;
import dev.tortoise.sql.ast.Bind;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.ColumnRows;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.CommentOn;
import dev.tortoise.sql.ast.CreateTable;
import dev.tortoise.sql.ast.DatePart;
import dev.tortoise.sql.ast.DialectOp;
import dev.tortoise.sql.ast.DropIndex;
import dev.tortoise.sql.ast.InSubquery;
import dev.tortoise.sql.ast.Insert;
import dev.tortoise.sql.ast.SubqueryExpr;
import dev.tortoise.sql.ast.Like;
import dev.tortoise.sql.ast.OnConflict;
import dev.tortoise.sql.ast.RenameIndex;
import dev.tortoise.sql.ast.UpdateRows;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.dialect.ErrorCategory;
import dev.tortoise.sql.dialect.IntegrityFacts;
import dev.tortoise.sql.dialect.SqlLiterals;
import dev.tortoise.sql.dialect.SqlWriter;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB (10.5 or later; MySQL where their SQL agrees): {@code ?} markers, backtick quotes,
 * AUTO_INCREMENT keys handed back by INSERT ... RETURNING, INSERT IGNORE and ON DUPLICATE KEY UPDATE
 * for conflicts, a join against a derived table of the given rows for many-row updates, InnoDB
 * tables in utf8mb4 with the binary collation (so that {@code exact}, {@code contains} and ordering
 * of text compare code points as on PostgreSQL and H2), comments inside the DDL, JSON through
 * JSON_CONTAINS/JSON_EXTRACT, {@code search} through MATCH ... AGAINST and regexes through REGEXP.
 * DATETIME keeps no offset: instants are stored at UTC and read back as UTC.
 */
final class MariaDbDialect implements Dialect {
    static final MariaDbDialect INSTANCE = new MariaDbDialect();
    /** The alias of the updated table and of the given rows in a many-row UPDATE. */
    private static final String TARGET = "t";
    private static final String SOURCE = "s";
    /** MariaDB has no OFFSET without LIMIT; its manual's idiom is the largest unsigned BIGINT. */
    private static final String NO_LIMIT = "18446744073709551615";
    private static final java.time.format.DateTimeFormatter DATETIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private MariaDbDialect() {
    }

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String bindMarker(int index) {
        return "?";
    }

    /** As the standard literal, except that strings also double their backslashes (an escape in MariaDB strings). */
    @Override
    public String literal(Object value) {
        if (value instanceof CharSequence s) {
            return stringLiteral(s.toString());
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof OffsetDateTime odt) {
            return SqlLiterals.string(DATETIME.format(odt.withOffsetSameInstant(ZoneOffset.UTC)));
        }
        return Dialect.super.literal(value);
    }

    @Override
    public String stringLiteral(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    public String nativeTypeName(ColumnType t) {
        return switch (t.kind()) {
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOL";
            case TEXT -> "LONGTEXT";
            // CHAR(36) as Tortoise's MySQL backend; MySQL has no UUID type (MariaDB only since 10.7).
            case UUID -> "CHAR(36)";
            case TIMESTAMP_TZ, TIMESTAMP -> "DATETIME(6)";
            case TIME -> "TIME(6)";
            case BINARY -> "LONGBLOB";
            default -> null;
        };
    }

    @Override
    public String castTypeName(ColumnType t) {
        return switch (t.kind()) {
            case SMALLINT, INT, BIGINT, BOOLEAN -> "SIGNED";
            case VARCHAR, TEXT, UUID, JSON -> "CHAR";
            case BINARY -> "BINARY";
            default -> typeName(t);
        };
    }

    @Override
    public String generatedKeyDefinition(ColumnType t) {
        return typeName(t) + " NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public String extractTemplate(DatePart part) {
        return switch (part) {
            // Mode 3: ISO 8601 weeks (Monday first, week 1 holds the first Thursday), as Python's isocalendar.
            case WEEK -> "WEEK(%s, 3)";
            default -> "EXTRACT(" + part.name() + " FROM %s)";
        };
    }

    @Override
    public String textCastType() {
        return "CHAR";
    }

    @Override
    public String functionName(String neutralName) {
        return switch (neutralName.toUpperCase(java.util.Locale.ROOT)) {
            // LENGTH counts bytes in MariaDB; characters are what the other databases count.
            case "LENGTH" -> "CHAR_LENGTH";
            case "RANDOM" -> "RAND";
            default -> neutralName;
        };
    }

    @Override
    public String template(DialectOp.Kind kind) {
        return switch (kind) {
            // PCRE flags inside the pattern: REGEXP alone follows the column's collation.
            case POSIX_REGEX -> "{0} REGEXP CONCAT('(?-i)', {1})";
            case IPOSIX_REGEX -> "{0} REGEXP CONCAT('(?i)', {1})";
            // InnoDB's FULLTEXT index keeps words lower-cased; under the binary collation the search words are
            // not folded, so they are lowered here (case-insensitive search, as PostgreSQL's to_tsvector)
            case SEARCH -> "MATCH({0}) AGAINST(LOWER({1}))";
            case JSON_CONTAINS -> "JSON_CONTAINS({0}, {1})";
            case JSON_CONTAINED_BY -> "JSON_CONTAINS({1}, {0})";
            // A JSON null is SQL NULL, as PostgreSQL's #>> gives (JSON_UNQUOTE alone gives the text 'null').
            case JSON_PATH_TEXT -> "CASE JSON_TYPE(JSON_EXTRACT({0}, {path})) WHEN 'NULL' THEN NULL "
                    + "ELSE JSON_UNQUOTE(JSON_EXTRACT({0}, {path})) END";
            case JSON_PATH -> "JSON_EXTRACT({0}, {path})";
        };
    }

    /**
     * Fills the template as the default does, except that {@code {path}} is one text bind in MariaDB's
     * {@code $."key"[0]} form (each occurrence its own bind, since {@code ?} markers are positional).
     */
    @Override
    public void writeDialectOp(DialectOp op, SqlWriter w) {
        String template = template(op.kind());
        if (!template.contains("{path}")) {
            Dialect.super.writeDialectOp(op, w);
            return;
        }
        StringBuilder path = new StringBuilder("$");
        for (String p : op.path()) {
            if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)) {
                path.append('[').append(p).append(']');
            } else {
                path.append(".\"").append(p.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                w.sql(template.substring(i));
                break;
            }
            w.sql(template.substring(i, open));
            int close = template.indexOf('}', open);
            String key = template.substring(open + 1, close);
            if (key.equals("path")) {
                w.bind(Bind.of(path.toString()));
            } else {
                w.expr(op.args().get(Integer.parseInt(key)));
            }
            i = close + 1;
        }
    }

    @Override
    public String explainPrefix() {
        return "EXPLAIN FORMAT=JSON ";
    }

    @Override
    public String limitOffset(String limitMarker, String offsetMarker) {
        if (limitMarker == null && offsetMarker == null) {
            return "";
        }
        return " LIMIT " + (limitMarker == null ? NO_LIMIT : limitMarker)
                + (offsetMarker == null ? "" : " OFFSET " + offsetMarker);
    }

    /** MariaDB has no {@code FOR UPDATE OF tables}: the rows read are locked anyway. */
    @Override
    public boolean supportsForUpdateOf() {
        return false;
    }

    @Override
    public int maxBindParameters() {
        return 65_535;
    }

    /** MariaDB's ADD FOREIGN KEY takes IF NOT EXISTS after the keywords, not after ADD CONSTRAINT. */
    @Override
    public String addConstraintIfNotExists(String alterSql, String constraintName) {
        return alterSql.replaceFirst(" FOREIGN KEY \\(", " FOREIGN KEY IF NOT EXISTS (");
    }

    /** A bare {@code INSERT INTO t () VALUES ()} where there are no columns (MariaDB has no DEFAULT VALUES). */
    @Override
    public void writeInsertBody(Insert insert, SqlWriter w) {
        writeInsertInto("INSERT INTO ", insert, w);
    }

    private void writeInsertInto(String verb, Insert insert, SqlWriter w) {
        w.sql(verb).table(insert.table());
        if (insert.columns().isEmpty()) {
            w.sql(" () VALUES ()");
            return;
        }
        w.sql(" (").columns(insert.columns()).sql(")");
        writeInsertRows(insert, w);
    }

    /**
     * {@code VALUES (?,?),(?,?)} as the standard's; rows held as column arrays ({@link ColumnRows}, a bulk_create)
     * are written cell by cell instead of as a list of binds made per row, and a column holding one value for all
     * rows ({@link ColumnRows#shared}) binds one node in every row. The text and the values bound are the same.
     *
     * <p>Why: MariaDB has no arrays, so a bulk_create binds every cell; the per-row lists (and a bind per cell of
     * a shared column) were ~110 bytes per inserted row of a three-column insert, besides the driver's own.
     */
    @Override
    public void writeInsertRows(Insert insert, SqlWriter w) {
        if (!(insert.rows() instanceof ColumnRows rows)) {
            Dialect.super.writeInsertRows(insert, w);
            return;
        }
        int width = rows.width();
        Bind[] shared = new Bind[width];
        if (rows.anyShared()) {
            for (int c = 0; c < width; c++) {
                if (rows.shared(c)) {
                    shared[c] = rows.bind(0, c);
                }
            }
        }
        // Every cell is a one-character marker, "(?,?)," per row; 64 more for a RETURNING clause after the rows
        // (else its few characters would double the buffer once more).
        w.reserve(rows.size() * width, rows.size() * (2 * width + 2) + 64);
        w.sql(" VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            w.sql(r > 0 ? ",(" : "(");
            for (int c = 0; c < width; c++) {
                if (c > 0) {
                    w.sql(",");
                }
                Bind b = shared[c];
                w.bind(b != null ? b : rows.bind(r, c));
            }
            w.sql(")");
        }
    }

    /** MariaDB 10.5's {@code INSERT ... RETURNING}. */
    @Override
    public void writeReturningInsert(Insert ins, SqlWriter w) {
        writeInsertBody(ins, w);
        w.sql(" RETURNING ").columns(ins.returning());
    }

    /**
     * {@code INSERT IGNORE} to skip conflicting rows (on any unique key, as Tortoise), else
     * {@code ON DUPLICATE KEY UPDATE c=VALUES(c)}; MariaDB has no ON CONFLICT target, so a row
     * conflicting on any unique key is updated.
     */
    @Override
    public void writeUpsert(Insert ins, SqlWriter w) {
        OnConflict oc = ins.onConflict();
        if (oc.doNothing()) {
            writeInsertInto("INSERT IGNORE INTO ", ins, w);
        } else {
            writeInsertBody(ins, w);
            w.sql(" ON DUPLICATE KEY UPDATE ");
            List<String> up = oc.updateColumns();
            for (int i = 0; i < up.size(); i++) {
                if (i > 0) {
                    w.sql(",");
                }
                w.identifier(up.get(i)).sql("=VALUES(").identifier(up.get(i)).sql(")");
            }
        }
        if (!ins.returning().isEmpty()) {
            w.sql(" RETURNING ").columns(ins.returning());
        }
    }

    /**
     * {@code UPDATE t JOIN (SELECT ? AS key, ? AS c UNION ALL SELECT ?, ?) s ON t.key=s.key SET t.c=s.c}:
     * MariaDB's VALUES tables cannot name their columns, so the rows are a union of SELECTs.
     */
    @Override
    public void writeUpdateRows(UpdateRows u, SqlWriter w) {
        List<String> all = new ArrayList<>();
        all.add(u.keyColumn());
        all.addAll(u.columns());
        w.sql("UPDATE ").table(u.table()).sql(" ").identifier(TARGET).sql(" JOIN (");
        // Column arrays (a bulk_update) are read cell by cell, without a list of binds made per row.
        ColumnRows columnRows = (Object) u.rows() instanceof ColumnRows cr ? cr : null;
        for (int r = 0; r < u.rows().size(); r++) {
            w.sql(r > 0 ? " UNION ALL SELECT " : "SELECT ");
            List<Bind> row = columnRows == null ? u.rows().get(r) : null;
            for (int c = 0; c < all.size(); c++) {
                if (c > 0) {
                    w.sql(",");
                }
                // No cast needed: the derived table's column types come from the values, and the SET converts.
                w.bind(row != null ? row.get(c) : columnRows.bind(r, c));
                if (r == 0) {
                    w.sql(" AS ").identifier(all.get(c));
                }
            }
        }
        w.sql(") ").identifier(SOURCE).sql(" ON ").qualified(TARGET, u.keyColumn()).sql("=")
                .qualified(SOURCE, u.keyColumn()).sql(" SET ");
        for (int i = 0; i < u.columns().size(); i++) {
            if (i > 0) {
                w.sql(",");
            }
            w.qualified(TARGET, u.columns().get(i)).sql("=").qualified(SOURCE, u.columns().get(i));
        }
    }

    /**
     * A subquery with LIMIT or OFFSET goes inside a derived table: MariaDB refuses LIMIT directly
     * inside IN (error 1235), and takes it one level down.
     */
    @Override
    public void writeInSubquery(InSubquery in, SqlWriter w) {
        if (in.select().limit() == null && in.select().offset() == null) {
            Dialect.super.writeInSubquery(in, w);
            return;
        }
        w.expr(in.expr()).sql(in.negated() ? " NOT IN (SELECT * FROM " : " IN (SELECT * FROM ")
                .expr(new SubqueryExpr(in.select())).sql(" ").identifier("sub").sql(")");
    }

    /** LIKE with MariaDB's default escape character, backslash (an {@code ESCAPE '\'} literal would not end). */
    @Override
    public void writeLike(Like like, SqlWriter w) {
        if (like.caseInsensitive()) {
            w.sql("UPPER(");
            likeOperand(like, w);
            w.sql(") LIKE UPPER(").expr(like.pattern()).sql(")");
        } else {
            likeOperand(like, w);
            w.sql(" LIKE ").expr(like.pattern());
        }
    }

    private void likeOperand(Like like, SqlWriter w) {
        if (like.textOperand()) {
            w.expr(like.expr());
        } else {
            w.sql("CAST(").expr(like.expr()).sql(" AS ").sql(textCastType()).sql(")");
        }
    }

    /**
     * Nothing: comments are written inside CREATE TABLE ({@link #writeColumnOptions},
     * {@link #writeTableOptions}), since MariaDB changes a column's comment only by restating the whole
     * column; the empty statement is not run.
     */
    @Override
    public void writeComment(CommentOn comment, SqlWriter w) {
    }

    @Override
    public void writeColumnOptions(ColumnDef column, SqlWriter w) {
        if (column.comment() != null && !column.comment().isEmpty()) {
            w.sql(" COMMENT ").sql(stringLiteral(column.comment()));
        }
    }

    @Override
    public void writeTableOptions(CreateTable table, SqlWriter w) {
        w.sql(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
        if (table.comment() != null && !table.comment().isEmpty()) {
            w.sql(" COMMENT=").sql(stringLiteral(table.comment()));
        }
    }

    /**
     * MariaDB's spelling of a migration's ALTER TABLE where it leaves the standard's: a column's type,
     * nullability or comment changes by restating its whole definition ({@code MODIFY COLUMN}, comment
     * included); a foreign key is dropped with {@code DROP FOREIGN KEY}, together with the index MariaDB made
     * for it under the same name (if it made one), and renamed by dropping it and adding it under the new
     * name; a unique constraint is an index ({@code RENAME INDEX}); the table's comment is a table option.
     */
    @Override
    public void writeAlterTable(AlterTable alter, SqlWriter w) {
        AlterTable.Action a = alter.action();
        ColumnDef restated = a instanceof AlterTable.AlterColumnType t ? t.column()
                : a instanceof AlterTable.SetNullable n ? n.column()
                : a instanceof AlterTable.SetColumnComment c ? c.column() : null;
        if (restated != null) {
            w.sql("ALTER TABLE ").table(alter.table()).sql(" MODIFY COLUMN ").columnDefinition(restated);
        } else if (a instanceof AlterTable.DropForeignKey d) {
            w.sql("ALTER TABLE ").table(alter.table()).sql(" DROP FOREIGN KEY ").identifier(d.name())
                    .sql(", DROP INDEX IF EXISTS ").identifier(d.name());
        } else if (a instanceof AlterTable.RenameForeignKey r) {
            w.sql("ALTER TABLE ").table(alter.table()).sql(" DROP FOREIGN KEY ").identifier(r.from())
                    .sql(", DROP INDEX IF EXISTS ").identifier(r.from()).sql(", ADD ").foreignKeyDefinition(r.to());
        } else if (a instanceof AlterTable.RenameConstraint r) {
            w.sql("ALTER TABLE ").table(alter.table()).sql(" RENAME INDEX ").identifier(r.from()).sql(" TO ")
                    .identifier(r.to());
        } else if (a instanceof AlterTable.SetTableComment c) {
            w.sql("ALTER TABLE ").table(alter.table()).sql(" COMMENT=")
                    .sql(stringLiteral(c.comment() == null ? "" : c.comment()));
        } else {
            Dialect.super.writeAlterTable(alter, w);
        }
    }

    /**
     * A single-column unique constraint is named after its column, as MariaDB names an inline {@code UNIQUE}
     * (index names belong to their table here): a duplicate's error ({@code for key 'name'}) then names the field,
     * as on a schema {@code generateSchemas} made.
     */
    @Override
    public String uniqueConstraintName(String generatedName, List<String> columns) {
        return columns.size() == 1 ? columns.get(0) : generatedName;
    }

    /** {@code DROP INDEX name ON table}: MariaDB's indexes belong to their table. */
    @Override
    public void writeDropIndex(DropIndex drop, SqlWriter w) {
        w.sql("DROP INDEX ").identifier(drop.name()).sql(" ON ").table(drop.table());
    }

    /** {@code ALTER TABLE t RENAME INDEX from TO to}. */
    @Override
    public void writeRenameIndex(RenameIndex rename, SqlWriter w) {
        w.sql("ALTER TABLE ").table(rename.table()).sql(" RENAME INDEX ").identifier(rename.from()).sql(" TO ")
                .identifier(rename.to());
    }

    // ------------------------------------------------------------------ values

    /** r2dbc-mariadb has no codec for OffsetDateTime: instants go as their UTC wall time. */
    @Override
    public boolean convertsValues() {
        return true;
    }

    /**
     * An instant as its UTC wall time in the text r2dbc-mariadb's DATETIME codec writes for it
     * ({@code yyyy-MM-dd HH:mm:ss}, then {@code .SSSSSS} when it has a fraction of a second), or as that
     * wall time ({@link LocalDateTime}) for a year outside 1-9999; other values as they are.
     *
     * <p>Why text: the driver's text protocol sends a {@code LocalDateTime} as exactly this quoted text, made
     * through {@code DateTimeFormatter} (a {@code BigDecimal} for the fraction) once per bound value; on a
     * bulk_create of 1,000 rows with a timestamp column that was about a third of the client's CPU. Written
     * here by hand, the statement the server receives is the same, byte for byte.
     */
    @Override
    public Object bindValue(Object value) {
        if (value instanceof OffsetDateTime odt) {
            LocalDateTime utc = odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            int year = utc.getYear();
            return year < 1 || year > 9999 ? utc : dateTimeText(utc);
        }
        return value;
    }

    /** {@code utc} (a year of 1-9999) as the driver's DATETIME codec writes it, without the quotes. */
    static String dateTimeText(LocalDateTime utc) {
        int nano = utc.getNano();
        byte[] b = new byte[nano == 0 ? 19 : 26];
        digits(b, 0, utc.getYear(), 4);
        b[4] = '-';
        digits(b, 5, utc.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, utc.getDayOfMonth(), 2);
        b[10] = ' ';
        digits(b, 11, utc.getHour(), 2);
        b[13] = ':';
        digits(b, 14, utc.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, utc.getSecond(), 2);
        if (nano != 0) {
            // microseconds, truncated as the codec's SSSSSS truncates
            b[19] = '.';
            digits(b, 20, nano / 1000, 6);
        }
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code value} (0 or more, at most {@code width} digits) as {@code width} zero-padded digits at {@code at}. */
    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    @Override
    public Class<?> driverClass(Class<?> type) {
        return type == OffsetDateTime.class ? LocalDateTime.class : type;
    }

    @Override
    public Object readValue(Object raw, Class<?> requested) {
        if (requested == OffsetDateTime.class && raw instanceof LocalDateTime l) {
            return l.atOffset(ZoneOffset.UTC);
        }
        return raw;
    }

    // ------------------------------------------------------------------ errors

    /**
     * MariaDB's error numbers where its SQLSTATE is the catch-all HY000: 1205 (lock wait timeout, also
     * NOWAIT's failure), 1191 (search without a FULLTEXT index: unsupported as the schema stands), 1139 (a
     * regular expression that does not compile), 1969/3024 (max_statement_time / max_execution_time exceeded), 1366 and
     * friends (a value the column cannot take), 1792 (a write in a READ ONLY transaction).
     */
    @Override
    public ErrorCategory classifyError(String sqlState, int vendorCode) {
        return switch (vendorCode) {
            case 1205 -> ErrorCategory.LOCK_TIMEOUT;
            case 1062, 1451, 1452, 1048, 1364, 1216, 1217, 1557, 1586, 4025 -> ErrorCategory.INTEGRITY;
            // 1139: a regular expression the engine cannot compile (PostgreSQL's 2201B)
            case 1366, 1292, 1264, 1406, 1265, 4078, 1139 -> ErrorCategory.DATA;
            // 1191: MATCH ... AGAINST on columns without a FULLTEXT index, which schema generation does not create
            case 1191 -> ErrorCategory.UNSUPPORTED;
            case 1792, 1568 -> ErrorCategory.TRANSACTION;
            case 2002, 2003, 2006, 2013, 1927, 1053 -> ErrorCategory.CONNECTION;
            default -> Dialect.super.classifyError(sqlState, vendorCode);
        };
    }

    private static final Pattern DUPLICATE_KEY = Pattern.compile("for key '(?:[^'.]*\\.)?([^']+)'");
    private static final Pattern NAMED_COLUMN = Pattern.compile("^(?:Column|Field) '([^']+)'");
    private static final Pattern FOREIGN_KEY = Pattern.compile(
            "CONSTRAINT `([^`]+)` FOREIGN KEY \\(([^)]*)\\)");
    private static final Pattern CHECK = Pattern.compile("CONSTRAINT `([^`]+)` failed");

    /**
     * The kind, constraint and columns of an integrity error from MariaDB's error number and message, since
     * its SQLSTATE is 23000 for every kind: 1062 duplicate key ({@code for key 'name'}: a unique column's
     * index carries the column's name, a composite one its own, PRIMARY the primary key's, none naming the
     * columns, so only a single column's index names one), 1451/1452 foreign key (the referencing columns),
     * 1048/1364 NOT NULL, 4025 check.
     */
    @Override
    public IntegrityFacts integrityFacts(String sqlState, int vendorCode, String message) {
        return switch (vendorCode) {
            case 1062, 1586, 1557 -> {
                Matcher m = DUPLICATE_KEY.matcher(message);
                String key = m.find() ? m.group(1) : null;
                boolean column = key != null && !key.equals("PRIMARY") && !key.startsWith("uid_");
                yield new IntegrityFacts("23505", key, column ? List.of(key) : List.of());
            }
            case 1451, 1452, 1216, 1217 -> {
                Matcher m = FOREIGN_KEY.matcher(message);
                if (!m.find()) {
                    yield new IntegrityFacts("23503", null, List.of());
                }
                List<String> columns = new ArrayList<>();
                for (String c : m.group(2).split(",")) {
                    columns.add(c.strip().replace("`", ""));
                }
                yield new IntegrityFacts("23503", m.group(1), columns);
            }
            case 1048, 1364 -> {
                Matcher m = NAMED_COLUMN.matcher(message);
                yield new IntegrityFacts("23502", null, m.find() ? List.of(m.group(1)) : List.of());
            }
            case 4025 -> {
                Matcher m = CHECK.matcher(message);
                yield new IntegrityFacts("23514", m.find() ? m.group(1) : null, List.of());
            }
            default -> null;
        };
    }

    /**
     * A syntax error without the piece of the statement MariaDB quotes ("... to use near '...' at line 1"); a
     * search without a FULLTEXT index says what is missing.
     */
    @Override
    public String cleanErrorMessage(String message) {
        String syntax = "You have an error in your SQL syntax";
        if (message.startsWith("Can't find FULLTEXT index")) {
            return "The search lookup (full-text search) needs a FULLTEXT index on its columns in MariaDB; "
                    + "there is none (create it in a migration)";
        }
        return message.startsWith(syntax) ? syntax : message.strip();
    }

    /** 1969: max_statement_time exceeded (MariaDB); 3024: max_execution_time exceeded (MySQL). */
    @Override
    public boolean isStatementTimeout(String sqlState, int vendorCode) {
        return vendorCode == 1969 || vendorCode == 3024;
    }

    /** The session limit that is no limit: asked for before every statement, so made once. */
    private static final String NO_STATEMENT_TIME = "SET SESSION max_statement_time = 0.000";

    /**
     * MariaDB's own session limit (seconds, fractions allowed); the driver cannot cancel a running statement.
     * Written without {@code String.format}: the execution layer asks for it before every statement, and a
     * format call (its parser, matcher and specifiers) was about a kilobyte of garbage each time.
     */
    @Override
    public String sessionStatementTimeoutSql(long millis) {
        if (millis == 0) {
            return NO_STATEMENT_TIME;
        }
        long fraction = millis % 1000;
        if (fraction < 0) {
            // not a duration the engine hands over; kept as it was written before (a sign inside the fraction)
            return "SET SESSION max_statement_time = " + (millis / 1000) + "." + String.format("%03d", fraction);
        }
        String point = fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".";
        return "SET SESSION max_statement_time = " + (millis / 1000) + point + fraction;
    }

    /** r2dbc-mariadb shares one conversation per connection: a result stopped midway is read to its end. */
    @Override
    public boolean drainsResultOnCancel() {
        return true;
    }
}
