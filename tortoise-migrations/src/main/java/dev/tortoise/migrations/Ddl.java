package dev.tortoise.migrations;

import dev.tortoise.sql.ast.AddForeignKey;
import dev.tortoise.sql.ast.AlterTable;
import dev.tortoise.sql.ast.ColumnDef;
import dev.tortoise.sql.ast.ColumnType;
import dev.tortoise.sql.ast.CommentOn;
import dev.tortoise.sql.ast.CreateIndex;
import dev.tortoise.sql.ast.CreateTable;
import dev.tortoise.sql.ast.DropIndex;
import dev.tortoise.sql.ast.DropTable;
import dev.tortoise.sql.ast.Expr;
import dev.tortoise.sql.ast.ForeignKeyDef;
import dev.tortoise.sql.ast.Raw;
import dev.tortoise.sql.ast.RenameIndex;
import dev.tortoise.sql.ast.Statement;
import dev.tortoise.sql.ast.TableRef;
import dev.tortoise.sql.dialect.Dialect;
import dev.tortoise.sql.render.RenderedSql;
import dev.tortoise.sql.render.SqlRenderer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns operations into statement trees and renders them with a dialect: the SQL of a migration
 * comes from the same renderer and dialect hooks as {@code generateSchemas}, never from text
 * written here.
 */
final class Ddl {
    private final Dialect dialect;
    private final SqlRenderer renderer;

    Ddl(Dialect dialect) {
        this.dialect = dialect;
        this.renderer = new SqlRenderer(dialect);
    }

    /** The script of the operations: per operation a {@code -- } line saying what it does, then its statements. */
    String script(List<Operation> ops) {
        StringBuilder sb = new StringBuilder();
        for (Operation op : ops) {
            sb.append("-- ").append(op.describe().replace("\n", " ")).append('\n');
            for (Statement st : statements(op)) {
                RenderedSql sql = renderer.render(st);
                if (!sql.binds().isEmpty()) {
                    throw new IllegalStateException("DDL with bind values: " + sql.sql());
                }
                if (sql.sql().isBlank()) {
                    // A dialect that keeps comments inside the definitions has nothing to add for a COMMENT statement.
                    continue;
                }
                sb.append(sql.sql()).append(";\n");
            }
        }
        return sb.toString();
    }

    List<Statement> statements(Operation op) {
        List<Statement> out = new ArrayList<>();
        if (op instanceof Operation.CreateTable c) {
            SchemaState.Table t = c.table();
            TableRef ref = ref(t.schema(), t.name());
            List<ColumnDef> cols = new ArrayList<>();
            for (SchemaState.Column col : t.columns()) {
                cols.add(def(col, null));
            }
            List<CreateTable.NamedColumns> uniques = new ArrayList<>();
            for (SchemaState.Index u : t.uniques()) {
                uniques.add(new CreateTable.NamedColumns(uniqueName(u.name(), u.columns()), u.columns()));
            }
            out.add(new CreateTable(ref, false, cols, uniques, List.of(), List.of(),
                    t.comment().isEmpty() ? null : t.comment()));
            for (SchemaState.Index i : t.indexes()) {
                out.add(new CreateIndex(i.name(), ref, i.columns(), i.unique(), false));
            }
            if (!t.comment().isEmpty()) {
                out.add(new CommentOn(ref, null, t.comment()));
            }
            for (SchemaState.Column col : t.columns()) {
                if (!col.comment().isEmpty()) {
                    out.add(new CommentOn(ref, col.name(), col.comment()));
                }
            }
        } else if (op instanceof Operation.DropTable d) {
            out.add(new DropTable(ref(d.table().schema(), d.table().name())));
        } else if (op instanceof Operation.RenameTable r) {
            out.add(new AlterTable(ref(r.schema(), r.from()), new AlterTable.RenameTo(r.to())));
        } else if (op instanceof Operation.AddColumn a) {
            TableRef ref = ref(a.schema(), a.table());
            SchemaState.Column col = a.column();
            if (!col.nullable() && col.defaultValue() != null) {
                // Rows already there take the field's default; the column keeps no database default
                // afterwards, as generateSchemas makes it (the ORM applies defaults on insert).
                out.add(new AlterTable(ref, new AlterTable.AddColumn(def(col, literal(col)))));
                out.add(new AlterTable(ref, new AlterTable.SetDefault(col.name(), null)));
            } else {
                out.add(new AlterTable(ref, new AlterTable.AddColumn(def(col, null))));
            }
            if (!col.comment().isEmpty()) {
                out.add(new CommentOn(ref, col.name(), col.comment()));
            }
        } else if (op instanceof Operation.DropColumn d) {
            out.add(new AlterTable(ref(d.schema(), d.table()), new AlterTable.DropColumn(d.column().name())));
        } else if (op instanceof Operation.RenameColumn r) {
            out.add(new AlterTable(ref(r.schema(), r.table()), new AlterTable.RenameColumn(r.from(), r.to())));
        } else if (op instanceof Operation.AlterColumn a) {
            TableRef ref = ref(a.schema(), a.table());
            SchemaState.Column before = a.before();
            SchemaState.Column after = a.after();
            if (!before.type().equals(after.type())) {
                out.add(new AlterTable(ref, new AlterTable.AlterColumnType(def(after, null))));
            }
            if (before.nullable() != after.nullable()) {
                out.add(new AlterTable(ref, new AlterTable.SetNullable(def(after, null))));
            }
            if (!before.comment().equals(after.comment())) {
                out.add(new AlterTable(ref, new AlterTable.SetColumnComment(def(after, null))));
            }
            // A changed default alone needs no DDL: the ORM applies defaults; the state records it.
        } else if (op instanceof Operation.AddIndex a) {
            TableRef ref = ref(a.schema(), a.table());
            if (a.constraint()) {
                out.add(new AlterTable(ref, new AlterTable.AddUnique(uniqueName(a.index().name(), a.index().columns()),
                        a.index().columns())));
            } else {
                out.add(new CreateIndex(a.index().name(), ref, a.index().columns(), a.index().unique(), false));
            }
        } else if (op instanceof Operation.DropIndex d) {
            TableRef ref = ref(d.schema(), d.table());
            if (d.constraint()) {
                out.add(new AlterTable(ref, new AlterTable.DropConstraint(uniqueName(d.index().name(),
                        d.index().columns()))));
            } else {
                out.add(new DropIndex(d.index().name(), ref));
            }
        } else if (op instanceof Operation.RenameIndex r) {
            TableRef ref = ref(r.schema(), r.table());
            if (r.constraint()) {
                String from = uniqueName(r.from(), r.fromColumns());
                String to = uniqueName(r.to(), r.toColumns());
                if (!from.equals(to)) {
                    out.add(new AlterTable(ref, new AlterTable.RenameConstraint(from, to)));
                }
            } else {
                out.add(new RenameIndex(ref, r.from(), r.to()));
            }
        } else if (op instanceof Operation.RenameForeignKey r) {
            out.add(new AlterTable(ref(r.schema(), r.table()), new AlterTable.RenameForeignKey(r.from(),
                    foreignKey(r.foreignKey()))));
        } else if (op instanceof Operation.AddForeignKey a) {
            out.add(new AddForeignKey(ref(a.schema(), a.table()), foreignKey(a.foreignKey()), false));
        } else if (op instanceof Operation.DropForeignKey d) {
            out.add(new AlterTable(ref(d.schema(), d.table()), new AlterTable.DropForeignKey(d.foreignKey().name())));
        } else if (op instanceof Operation.SetTableComment c) {
            out.add(new AlterTable(ref(c.schema(), c.table()), new AlterTable.SetTableComment(c.after())));
        }
        return out;
    }

    /** A unique constraint's name in this database: the state's generated name, unless the dialect names it. */
    private String uniqueName(String generated, List<String> columns) {
        return dialect.uniqueConstraintName(generated, columns);
    }

    /** The column's definition, its comment included (for databases that keep comments inside definitions). */
    private static ColumnDef def(SchemaState.Column c, Expr defaultExpr) {
        return new ColumnDef(c.name(), c.type(), c.nullable(), c.primaryKey(), c.generated(), false, defaultExpr,
                c.comment().isEmpty() ? null : c.comment());
    }

    private static ForeignKeyDef foreignKey(SchemaState.ForeignKey fk) {
        return new ForeignKeyDef(fk.name(), fk.column(), ref(fk.targetSchema(), fk.targetTable()), fk.targetColumn(),
                fk.onDelete());
    }

    /** The column's default as this database's literal (DDL takes no bind values). */
    private Expr literal(SchemaState.Column c) {
        String text = c.defaultValue();
        Object value = switch (c.type().kind()) {
            case SMALLINT, INT, BIGINT -> Long.parseLong(text);
            case DOUBLE, DECIMAL -> new BigDecimal(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            default -> text;
        };
        return new Raw(dialect.literal(value), List.of());
    }

    private static TableRef ref(String schema, String table) {
        return TableRef.of(schema == null || schema.isEmpty() ? null : schema, table);
    }

    /** A column type as people write it ({@code VARCHAR(200)}, {@code DECIMAL(10,2)}), for messages. */
    static String typeText(ColumnType t) {
        return switch (t.kind()) {
            case VARCHAR -> "VARCHAR(" + t.length() + ")";
            case DECIMAL -> "DECIMAL(" + t.length() + "," + t.scale() + ")";
            default -> t.kind().name();
        };
    }

}
