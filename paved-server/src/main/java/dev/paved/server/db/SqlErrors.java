package dev.paved.server.db;

import dev.paved.core.ErrorKind;
import dev.paved.core.PavedException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Classification of {@link SQLException}s by SQLSTATE, and their translation into {@link PavedException}s. */
public final class SqlErrors {
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    private SqlErrors() {
    }

    public static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    public static boolean isForeignKeyViolation(SQLException e) {
        return FOREIGN_KEY_VIOLATION.equals(e.getSQLState());
    }

    /**
     * Whether the statement failed because of the data it carried (SQLSTATE class 22 data exception or 23
     * integrity constraint violation): retrying the same rows cannot succeed.
     */
    public static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * Whether the database could not be reached or is not accepting work right now: connection exceptions
     * (08), operator intervention such as a shutdown (57P), insufficient resources (53), pool timeouts.
     */
    public static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
    }

    /** A failure for callers: {@code UNAVAILABLE} when the database is unreachable, otherwise {@code INTERNAL}. */
    public static PavedException translate(SQLException e) {
        if (isUnavailable(e)) {
            return new PavedException(ErrorKind.UNAVAILABLE, "The database is unavailable; retry shortly.",
                    null, "database_unavailable", e);
        }
        return new PavedException(ErrorKind.INTERNAL, "Internal database error (SQLSTATE " + e.getSQLState() + ").",
                null, "database_error", e);
    }
}
