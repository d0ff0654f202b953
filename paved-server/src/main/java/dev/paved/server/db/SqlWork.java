package dev.paved.server.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection inside a scoped transaction; see {@link Database#inSystemScope}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
