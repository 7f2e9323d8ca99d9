package dev.tortoise.sql.ast;

/** Visits every kind of {@link Statement}. */
public interface StatementVisitor<R> {
    R visitSelect(Select select);

    R visitInsert(Insert insert);

    R visitUpdate(Update update);

    /** Visits a many-rows update; visitors that predate it do not support it. */
    default R visitUpdateRows(UpdateRows update) {
        throw new UnsupportedOperationException("UpdateRows is not supported by " + getClass().getName());
    }

    R visitDelete(Delete delete);

    R visitCreateTable(CreateTable createTable);

    R visitCreateIndex(CreateIndex createIndex);

    R visitComment(CommentOn comment);

    R visitExplain(Explain explain);

    R visitRaw(RawStatement raw);

    R visitAddForeignKey(AddForeignKey add);

    /** Visits a generator move; visitors that predate it do not support it. */
    default R visitAdvanceGeneratedKey(AdvanceGeneratedKey advance) {
        throw new UnsupportedOperationException("AdvanceGeneratedKey is not supported by " + getClass().getName());
    }

    /** Visits an ALTER TABLE change; visitors that predate migrations do not support it. */
    default R visitAlterTable(AlterTable alter) {
        throw new UnsupportedOperationException("AlterTable is not supported by " + getClass().getName());
    }

    /** Visits a DROP TABLE; visitors that predate migrations do not support it. */
    default R visitDropTable(DropTable drop) {
        throw new UnsupportedOperationException("DropTable is not supported by " + getClass().getName());
    }

    /** Visits a DROP INDEX; visitors that predate migrations do not support it. */
    default R visitDropIndex(DropIndex drop) {
        throw new UnsupportedOperationException("DropIndex is not supported by " + getClass().getName());
    }

    /** Visits an index rename; visitors that predate migrations do not support it. */
    default R visitRenameIndex(RenameIndex rename) {
        throw new UnsupportedOperationException("RenameIndex is not supported by " + getClass().getName());
    }

    /** Visits a template bound to the values of one execution; visitors that predate templates do not support it. */
    default R visitBound(BoundStatement bound) {
        throw new UnsupportedOperationException("BoundStatement is not supported by " + getClass().getName());
    }
}
