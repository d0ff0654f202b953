package dev.paved.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in one scalar value with environment values.
 * {@code $${} writes a literal {@code ${}. A default is used when the variable is unset or empty and may
 * itself contain references: {@code ${A:-${B}}}. Substitution happens after YAML parsing, so a value can
 * never inject YAML structure.
 */
final class EnvSubstitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The substituted text, or the reasons it could not be produced (then {@code value} is null). */
    record Result(String value, List<String> errors) {
        Result {
            errors = List.copyOf(errors);
        }

        boolean ok() {
            return errors.isEmpty();
        }
    }

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = env;
    }

    Result apply(String text) {
        List<String> errors = new ArrayList<>();
        String value = substitute(text, errors);
        return errors.isEmpty() ? new Result(value, List.of()) : new Result(null, errors);
    }

    private String substitute(String text, List<String> errors) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int close = closingBrace(text, i + 2);
                if (close < 0) {
                    errors.add("'${' at character " + (i + 1) + " has no closing '}'; write $${ for a literal ${");
                    return null;
                }
                out.append(resolve(text.substring(i + 2, close), i + 1, errors));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String expression, int position, List<String> errors) {
        int sep = expression.indexOf(":-");
        String name = sep < 0 ? expression : expression.substring(0, sep);
        if (!NAME.matcher(name).matches()) {
            // The text is not echoed: a key pasted inside ${} by mistake must not reach the log.
            errors.add("the '${' at character " + position + " is not followed by a variable name (letters, digits"
                    + " and _, as in ${OPENAI_API_KEY}); write $${ for a literal ${");
            return "";
        }
        String value = env.get(name);
        if (sep < 0) {
            if (value == null) {
                errors.add("environment variable " + name + " is not set; set it before starting Paved, or write ${"
                        + name + ":-default} to give a default");
                return "";
            }
            return value;
        }
        if (value != null && !value.isEmpty()) {
            return value;
        }
        String fallback = substitute(expression.substring(sep + 2), errors);
        return fallback == null ? "" : fallback;
    }

    /** Index of the '}' closing a reference whose body starts at {@code from}, allowing nested references. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("${", i)) {
                depth++;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
