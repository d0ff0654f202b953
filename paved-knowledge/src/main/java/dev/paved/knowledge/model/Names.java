package dev.paved.knowledge.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The checks every knowledge-base name, ACL group and data class passes before it is stored or indexed. */
public final class Names {

    /** Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters. */
    public static final Pattern KB_NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    /** Letters, digits and {@code . _ : @ / -}, 1-128 characters. */
    public static final Pattern GROUP = Pattern.compile("^[A-Za-z0-9._:@/-]{1,128}$");
    public static final int MAX_GROUPS = 64;
    public static final Pattern DATA_CLASS = Pattern.compile("^[a-z0-9_-]{1,32}$");
    public static final String DEFAULT_DATA_CLASS = "internal";

    private Names() {
    }

    /** The name, or {@link IllegalArgumentException} saying what a valid one looks like. */
    public static String kb(String name) {
        if (name == null || !KB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("knowledge base names are 1-64 characters of lower-case letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit; got '" + name + "'");
        }
        return name;
    }

    /** Sorted, de-duplicated groups; {@link IllegalArgumentException} for an invalid one. */
    public static List<String> groups(Collection<String> groups) {
        if (groups == null) {
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (String g : groups) {
            if (g == null || !GROUP.matcher(g).matches()) {
                throw new IllegalArgumentException("ACL groups are 1-128 characters of letters, digits or . _ : @ / -; got '"
                        + g + "'");
            }
            out.add(g);
        }
        if (out.size() > MAX_GROUPS) {
            throw new IllegalArgumentException("at most " + MAX_GROUPS + " ACL groups, got " + out.size());
        }
        return new ArrayList<>(out);
    }

    public static String dataClass(String dataClass) {
        if (dataClass == null) {
            return DEFAULT_DATA_CLASS;
        }
        if (!DATA_CLASS.matcher(dataClass).matches()) {
            throw new IllegalArgumentException("data_class is 1-32 characters of lower-case letters, digits, '_' or '-' "
                    + "(e.g. public, internal, confidential, pii); got '" + dataClass + "'");
        }
        return dataClass;
    }
}
