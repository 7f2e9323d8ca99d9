package dev.tortoise.exception;

/** The root of every exception the ORM raises; unchecked, so reactive pipelines carry it as an error signal. */
public class BaseORMException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BaseORMException(String message) {
        super(message);
    }

    public BaseORMException(String message, Throwable cause) {
        super(message, cause);
    }

    private String sql;

    /** The SQL text of the statement that failed, when the error came from the database; never shown to end users. */
    public String sql() {
        return sql;
    }

    /** Attaches the SQL text of the failed statement (done once, at the execution boundary). */
    public BaseORMException withSql(String statementSql) {
        this.sql = statementSql;
        return this;
    }
}
