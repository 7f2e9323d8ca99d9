package dev.tortoise.sql.dialect;

/**
 * What kind of failure a database error is, as a dialect reads its SQLSTATE and vendor code; the
 * execution layer turns each into the ORM's exception of the same name.
 */
public enum ErrorCategory {
    /** A unique, foreign-key, not-null or check constraint was violated (IntegrityError). */
    INTEGRITY,
    /** A value the database cannot take: out of range, malformed (ValidationError). */
    DATA,
    /** The transaction is in a state that refuses the statement (TransactionManagementError). */
    TRANSACTION,
    /** The connection could not be made, was refused or was lost (DBConnectionError). */
    CONNECTION,
    /** A lock wait ran past the database's lock timeout; nothing changed (LockTimeoutError). */
    LOCK_TIMEOUT,
    /**
     * A statement the database cannot run as the schema stands, for want of something the ORM does not
     * create (MariaDB's full-text search without a FULLTEXT index) (UnSupportedError).
     */
    UNSUPPORTED,
    /** Anything else the database reports (OperationalError). */
    OPERATIONAL
}
