package dev.paved.server.store;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reading column types the stores share. */
final class Columns {
    private Columns() {
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Set<String> textSet(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return Set.of();
        }
        try {
            return Set.copyOf(new LinkedHashSet<>(Arrays.asList((String[]) array.getArray())));
        } finally {
            array.free();
        }
    }
}
