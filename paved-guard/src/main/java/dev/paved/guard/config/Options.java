package dev.paved.guard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed reads of a scanner's options; every wrong or unknown option is an {@link IllegalArgumentException}. */
final class Options {
    private final String scanner;
    private final Map<String, Object> values;

    Options(String scanner, Map<String, Object> values, Set<String> allowed) {
        this.scanner = scanner;
        this.values = values;
        for (String k : values.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("scanner '" + scanner + "' has no option '" + k + "'"
                        + (allowed.isEmpty() ? "" : "; valid: " + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
    }

    List<String> strings(String key, List<String> dflt) {
        Object v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof List<?> l)) {
            throw wrong(key, "a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw wrong(key, "a list of non-empty strings");
            }
            out.add(s);
        }
        return out;
    }

    Map<String, List<String>> stringLists(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw wrong(key, "a mapping of names to lists of strings");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(o -> o instanceof String s && !s.isBlank())) {
                throw wrong(key + "." + e.getKey(), "a non-empty list of strings");
            }
            out.put(String.valueOf(e.getKey()), l.stream().map(String.class::cast).toList());
        }
        return out;
    }

    String string(String key, String dflt) {
        Object v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw wrong(key, "a string");
        }
        return s;
    }

    boolean bool(String key, boolean dflt) {
        Object v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw wrong(key, "true or false");
        }
        return b;
    }

    int positiveInt(String key, Integer dflt) {
        Object v = values.get(key);
        if (v == null) {
            if (dflt == null) {
                throw new IllegalArgumentException("scanner '" + scanner + "' needs the option '" + key + "'");
            }
            return dflt;
        }
        if (!(v instanceof Number n) || n.longValue() < 1 || n.longValue() > Integer.MAX_VALUE || n.doubleValue() != n.longValue()) {
            throw wrong(key, "a whole number of at least 1");
        }
        return n.intValue();
    }

    private IllegalArgumentException wrong(String key, String expected) {
        return new IllegalArgumentException("option '" + key + "' of scanner '" + scanner + "' must be " + expected);
    }
}
