package dev.tortoise.sql.ast;

/** Visits every kind of {@link Statement}. */
public interface StatementVisitor<R> {
    R visitSelect(Select select);

    R visitInsert(Insert insert);

    R visitUpdate(Update update);

    R visitDelete(Delete delete);

    R visitCreateTable(CreateTable createTable);

    R visitCreateIndex(CreateIndex createIndex);

    R visitComment(CommentOn comment);

    R visitExplain(Explain explain);

    R visitRaw(RawStatement raw);

    R visitAddForeignKey(AddForeignKey add);
}
