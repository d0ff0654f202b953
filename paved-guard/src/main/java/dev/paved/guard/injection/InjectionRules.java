package dev.paved.guard.injection;

import dev.paved.guard.Finding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signature and heuristic rules for prompt injection and jailbreaks, run over normalised text
 * ({@link TextNormalizer}): instruction overrides ("ignore all previous instructions", "vergiss alles"),
 * prompt extraction, persona and role-play set-ups, redirections ("stop, now write …"), fake system or
 * chat-template delimiters, and well-known jailbreak names. English, German, Spanish, French and a few
 * other languages for the override family. Each rule has a reason code and a score.
 */
public final class InjectionRules {
    /** One rule: a reason code ({@code injection.override}), a pattern on lower-cased text, a score. */
    public record Rule(String code, Pattern pattern, double score, List<Anchor> anchors, List<String> literals) {
    }

    /** A word at which the rule's pattern may start: exact, or a prefix of the word ({@code instruction…}). */
    public record Anchor(String word, boolean prefix) {
    }

    /** Characters after an anchor word that a pattern may need to see. */
    private static final int WINDOW = 400;

    private static final String PRIOR_EN = "(?:previous|prior|preceding|above|earlier|former|initial|original|old|past|foregoing)";
    private static final String THINGS_EN = "(?:instructions?|prompts?|rules?|directions?|directives?|commands?|context|tasks?|assignments?"
            + "|information|guidelines?|orders?|settings?|programming|conversation|text|documents?|messages?|input)";

    private static final List<Rule> RULES = flatten(
            rule("injection.override",
                    "\\b(?:ignore|disregard|forget|skip|override|overlook|discard|drop|abandon|bypass|neglect)\\b(?:\\s+(?:about|all|any|every|of|the|your|my|these|those|that|this|everything|what|each))*\\s+"
                            + "(?:" + PRIOR_EN + "\\s+)?(?:" + THINGS_EN + "|everything|all|what (?:i|you|we)|that|the above|above|before|said|so far)", 0.95),
            rule("injection.override", "\\bforget (?:everything|it all|all that|about (?:it|that|everything))\\b", 0.9),
            rule("injection.override", "\\b(?:everything|all) (?:before|above|said|so far|you (?:know|were told|have been told))\\b.{0,40}\\b(?:irrelevant|ignore|forget|doesn't matter|void)", 0.85),
            rule("injection.override", "\\b(?:despite|regardless of|contrary to|instead of) (?:what|the|your|any|all)\\b.{0,30}\\b(?:told|instructions?|prompt|rules|said)\\b", 0.85),
            rule("injection.override", "\\b(?:new|updated|different|changed?) (?:task|instructions?|assignment|rules?|prompt|role)\\b.{0,40}(?::|\\bfollows?\\b|\\bnow\\b|\\bis\\b)", 0.7),
            rule("injection.override", "\\bchange (?:your|the) (?:instructions?|rules|prompt|behaviou?r)\\b", 0.9),
            rule("injection.override", "\\b(?:additional|new|real|actual|true|secret|hidden) instructions?\\b", 0.75),
            rule("injection.override", "\\b(?:now|from now on|starting now|henceforth)\\b.{0,15}\\b(?:focus on|concentrate on|your (?:new|only|next) (?:task|job|goal))", 0.85),
            // German
            rule("injection.override_de",
                    "\\b(?:vergiss|vergesst|vergessen sie|ignoriere|ignorier|ignorieren sie|ignorieren|missachte|überspringe|verwirf)\\b.{0,40}\\b(?:alles|alle|allem|vorherigen?|bisherigen?|obigen?|vorangehenden?|anweisungen|aufgaben|befehle|instruktionen|informationen|gesagte|davor|ausführungen)", 0.95),
            rule("injection.override_de", "\\b(?:alle|die) (?:bisherigen|vorherigen|obigen|vorangehenden) (?:informationen|anweisungen|aufgaben|ausführungen|befehle|instruktionen)\\b", 0.85),
            rule("injection.override_de", "\\b(?:abweichend|entgegen) (?:zu|von)? ?(?:den |der )?(?:vorherigen|bisherigen|obigen)\\b", 0.9),
            rule("injection.override_de", "\\b(?:neue|weitere|folgende) aufgaben?\\b.{0,40}\\b(?:folgen|beginnen|vergiss|vorne)\\b|\\bnun folgen weitere aufgaben\\b", 0.8),
            rule("injection.override_de", "\\b(?:lassen sie|lass) (?:alle|alles) .{0,30}\\bhinter sich\\b", 0.9),
            // Spanish, French, Italian, Portuguese, Croatian/Serbian, Dutch
            rule("injection.override_xx",
                    "\\b(?:olvida|olvidar|olvide|ignora|ignorar|ignore[sz]?|oubliez?|oublie|dimentica|ignora|esqueça|esquece|zaboravi|vergeet|negeer|забудь\\p{L}*|игнорируй\\p{L}*)\\b.{0,30}\\b(?:todo|todas?|instrucciones|anteriores|toutes?|tout|instructions|précédentes|tutto|tutte|istruzioni|precedenti|tudo|instruções|sve|instrukcije|alles|instructies|все|всё|инструкции)\\b", 0.95),
            // Prompt extraction
            rule("injection.extraction",
                    "\\b(?:show|print|reveal|repeat|output|display|tell|give|write|spell|list|return|leak|dump|copy)\\b(?: me| us)?(?: all| the| your| full| complete| entire| exact| initial| original| hidden| above| previous)*"
                            + " (?:system )?(?:prompts?|prompt texts?|instructions|initial (?:text|prompt)|rules you were given|guidelines|configuration|context window)\\b", 0.9),
            rule("injection.extraction", "\\bwhat (?:are|were|is) (?:your|the) (?:system )?(?:instructions|prompt|initial prompt|rules|guidelines)\\b", 0.85),
            rule("injection.extraction", "\\b(?:spell[- ]?check|translate|summari[sz]e|repeat|print) (?:and print )?(?:the )?(?:above|previous|preceding) (?:prompt|text|instructions)\\b", 0.9),
            rule("injection.extraction", "\\b(?:zeige?|gib|nenne|verrate|wiederhole|drucke) (?:mir )?(?:alle |deine |den |die |ihre )*(?:prompt|prompts|prompt-texte|anweisungen|instruktionen|systemprompt)\\b", 0.9),
            // Persona, role-play and jailbreak set-ups
            rule("injection.roleplay", "\\bi want you to (?:act|behave|respond|pretend|roleplay|play|be)\\b", 0.8),
            rule("injection.roleplay", "\\b(?:act|behave|function|serve|respond) as (?:a|an|my|the|if)\\b", 0.65),
            rule("injection.roleplay", "\\b(?:pretend|imagine) (?:that )?(?:you are|you're|to be|you can|you have|you were)\\b", 0.75),
            rule("injection.roleplay", "\\byou are (?:now |no longer |not |no )?(?:a |an |the )?(?:[a-z]+ ){0,3}(?:ai|bot|assistant|model|character|persona|robot|monster|editor|newspaper|team)\\b", 0.5),
            rule("injection.roleplay", "\\b(?:now|from now on|okay\\.? now|ok now) you are\\b", 0.8),
            rule("injection.roleplay", "\\b(?:stay|remain|do not break|don't break|never break) (?:in )?character\\b|\\bstay in (?:their|your) roles?\\b", 0.85),
            rule("injection.roleplay", "\\b(?:ich möchte, dass sie als|ich möchte, dass du als|stell dir vor,? du bist|tu so,? als ob|du bist (?:jetzt|nun|keine?|ab sofort))\\b", 0.8),
            rule("injection.roleplay", "\\b(?:fungieren|agieren|auftreten) (?:sie|du)?\\b.{0,30}\\bals\\b|\\bals (?:ein|eine|einen) .{0,40}\\b(?:fungieren|agieren)\\b", 0.7),
            rule("injection.jailbreak", "\\b(?:dan|stan|dude|aim)\\b.{0,40}\\b(?:do anything now|jailbr[eo]ak|no restrictions|without restrictions)\\b|\\bdo anything now\\b", 0.95),
            rule("injection.jailbreak", "\\b(?:developer|god|admin|debug|sudo|unrestricted|jailbreak|evil) mode\\b|\\bjailbr(?:eak|oken)\\b", 0.9),
            rule("injection.jailbreak", "\\b(?:no|without|free of|ignore (?:all )?(?:your )?)(?:ethical |moral |content )?(?:restrictions|filters|guidelines|limitations|censorship|rules)\\b", 0.75),
            rule("injection.jailbreak", "\\b(?:hypothetical|theoretical|fictional) (?:world|scenario|story)\\b.{0,80}\\b(?:would|could) (?:be able|you)\\b", 0.6),
            // Redirections: "stop - write: …", "ACHTUNG - STOPP"
            rule("injection.redirect", "\\b(?:stop|stopp|halt|achtung|attention|important|wichtig)\\s*[-:!,.]+\\s*(?:now |jetzt |nun )?(?:write|say|print|answer|schreib|sag|antworte|tell|ich)\\b", 0.85),
            rule("injection.redirect", "\\b(?:that is enough|das ist erledigt|genug|well done|very good|sehr gut|super gemacht|ausgezeichnete leistung|fantastic|superbly done)[!.]\\s.{0,60}\\b(?:now|nun|jetzt|but|aber)\\b.{0,40}\\b(?:task|aufgabe|write|schreib|verfasse|help me)", 0.8),
            rule("injection.redirect", "\\b(?:repeat after me|say exactly|respond only with|answer only with|antworte nur mit|sag(?:e)? nur)\\b", 0.7),
            rule("injection.redirect", "\\b(?:instruction|anweisung|befehl|command)\\s*:\\s", 0.6),
            rule("injection.redirect", "\\b(?:i command you|ich befehle dir|you must obey|du musst gehorchen)\\b", 0.85),
            rule("injection.redirect", "\\b(?:do not|don't|dont|nicht) (?:answer|look|use|read|respond|antworte)\\b.{0,60}\\b(?:but|just|instead|sondern|nur)\\b.{0,20}\\b(?:output|say|write|print|ausgeben|schreib|sag)", 0.85),
            rule("injection.redirect", "\\b(?:great|excellent|well done|simply great|fantastic|congratulations|sehr gut|einfach großartig|herzlichen glückwunsch|das genügt|that is enough|that was ok)\\b.{0,160}\\b(?:new|another|further|weitere|neue|neuen|folgende|following) (?:tasks?|challenge|aufgaben?|herausforderung|anweisungen)\\b", 0.8),
            rule("injection.redirect", "\\b(?:now|nun|jetzt) (?:follow|folgen) (?:new|neue|further|weitere) (?:tasks|instructions|anweisungen|aufgaben)\\b", 0.85),
            rule("injection.redirect", "\\b(?:include|say|state|admit|write) that (?:you|i) (?:hate|love|despise)\\b", 0.7),
            rule("injection.context_override", "\\b(?:by your own knowledge and not by|disregarding the|ignore all (?:the )?|do not look in the|without looking at the) (?:articles|documents|context|sources|provided)\\b", 0.85),
            rule("injection.extraction", "\\bwhat (?:is|was) written (?:above|at the beginning|before)\\b|\\bwhat are the \\w+ sentences before\\b|\\bwas steht (?:oben|am anfang)\\b", 0.85),
            rule("injection.override", "\\b(?:remove|delete|erase|clear|wipe|streichen|löschen)\\b.{0,30}\\b(?:previous|prior|all|vorangegangenen|vorherigen|bisherigen) (?:tasks|instructions|information|aufgaben|anweisungen|informationen)\\b", 0.85),
            rule("injection.roleplay", "\\b(?:roleplay(?:ing)? as|role-play(?:ing)? as|role play(?:ing)? as|you act as|in your role|into your role|in deiner rolle|in ihrer rolle|completely absorbed in your role)\\b", 0.8),
            rule("injection.roleplay", "\\b(?:two|zwei) (?:actors|people|persons|entities|characters|schauspieler|personen)\\b.{0,60}\\b(?:film|movie|game|play|spiel|szene|scene)\\b", 0.7),
            rule("injection.roleplay", "^(?:ok\\.?|okay\\.?|so\\.?)?\\s*(?:you are|du bist|sie sind) (?!(?:right|correct|welcome|wrong|so|very|too|a good|great|richtig)\\b)", 0.45),
            rule("injection.roleplay", "\\b(?:jetzt|nun|ab jetzt) bist du\\b", 0.8),
            // Fake system / template delimiters
            rule("injection.delimiter", "(?:={3,}|-{5,}|#{3,}|\\*{3,})\\s*(?:end|system|new|begin|start|ende)\\b", 0.85, "===", "-----", "###", "***"),
            // each with the literals it cannot match without, so ordinary text skips the whole-text search
            rule("injection.delimiter", "</?(?:system|instructions?|sys|admin)>", 0.85, "<sys", "</sys", "<inst", "</inst", "<admin", "</admin"),
            rule("injection.delimiter", "\\[/?(?:inst|system|sys)\\]", 0.85, "[inst", "[/inst", "[sys", "[/sys"),
            rule("injection.delimiter", "<\\|im_(?:start|end)\\|>", 0.85, "<|im_"),
            rule("injection.delimiter", "<<sys>>|\\bsystem prompt:|^system:", 0.85, "<<sys>>", "system prompt:", "system:"),
            rule("injection.delimiter", "(?:\\\\ n\\s*){4,}|(?:\\\\n){4,}", 0.6, "\\ n", "\\n"));

    private InjectionRules() {
    }

    /**
     * Rules match lower-cased text ({@link TextNormalizer} folds case), so patterns need no case-insensitive flag.
     * A pattern with top-level alternatives becomes one rule per alternative, so each can be anchored.
     */
    private static List<Rule> rule(String code, String regex, double score, String... literals) {
        List<Rule> out = new ArrayList<>();
        for (String part : topLevelAlternatives(regex)) {
            List<Anchor> anchors = literals.length > 0 ? null : anchors(part);
            out.add(new Rule(code, Pattern.compile(part), score, anchors, literals.length > 0 ? List.of(literals) : null));
        }
        return out;
    }

    @SafeVarargs
    private static List<Rule> flatten(List<Rule>... groups) {
        List<Rule> out = new ArrayList<>();
        for (List<Rule> g : groups) {
            out.addAll(g);
        }
        return List.copyOf(out);
    }

    static List<String> topLevelAlternatives(String regex) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        out.add(regex.substring(start));
        return out;
    }

    /**
     * The words one of which the pattern must start at: the alternatives of a leading {@code \b(?:a|b c)} group
     * (their first words), or a leading literal word. Null (search the whole text) when the pattern starts
     * otherwise or its leading group is optional.
     */
    static List<Anchor> anchors(String regex) {
        if (!regex.startsWith("\\b")) {
            return null;
        }
        String r = regex.substring(2);
        if (!r.startsWith("(?:")) {
            Anchor a = anchor(r);
            return a == null ? null : List.of(a);
        }
        int depth = 0;
        int end = -1;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                end = i;
                break;
            }
        }
        if (end < 0 || (end + 1 < r.length() && "?*{".indexOf(r.charAt(end + 1)) >= 0)) {
            return null;
        }
        List<Anchor> out = new ArrayList<>();
        for (String alt : topLevelAlternatives(r.substring(3, end))) {
            Anchor a = anchor(alt);
            if (a == null) {
                return null;
            }
            out.add(a);
        }
        return out;
    }

    /** The first word of a pattern alternative; a prefix anchor when a quantifier or group follows its letters. */
    private static Anchor anchor(String alt) {
        int i = 0;
        while (i < alt.length() && Character.isLetterOrDigit(alt.charAt(i))) {
            i++;
        }
        if (i < 1) {
            return null;
        }
        boolean quantified = i < alt.length() && "?*{".indexOf(alt.charAt(i)) >= 0;
        String word = quantified ? alt.substring(0, i - 1) : alt.substring(0, i);
        boolean complete = i == alt.length() || alt.charAt(i) == ' ' || alt.startsWith("\\b", i) || alt.startsWith("\\s", i)
                || "'-,.:!".indexOf(alt.charAt(i)) >= 0;
        return word.isEmpty() ? null : new Anchor(word, quantified || !complete);
    }

    public static List<Rule> rules() {
        return RULES;
    }

    /** Anchored rules by their exact anchor word, and the prefix anchors, built once. */
    private static final Map<String, List<Integer>> EXACT = new HashMap<>();
    private static final List<Map.Entry<String, Integer>> PREFIX = new ArrayList<>();

    static {
        for (int i = 0; i < RULES.size(); i++) {
            Rule r = RULES.get(i);
            if (r.anchors() == null) {
                continue;
            }
            for (Anchor a : r.anchors()) {
                if (a.prefix()) {
                    PREFIX.add(Map.entry(a.word(), i));
                } else {
                    EXACT.computeIfAbsent(a.word(), k -> new ArrayList<>()).add(i);
                }
            }
        }
    }

    /** The matching rules on every view of the text, one finding per reason code at its highest score. */
    public static List<Finding> match(List<String> views) {
        boolean[] hit = new boolean[RULES.size()];
        for (String v : views) {
            matchAnchored(v, hit);
            for (int i = 0; i < RULES.size(); i++) {
                Rule r = RULES.get(i);
                if (!hit[i] && r.anchors() == null) {
                    hit[i] = matchesUnanchored(r, v);
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < RULES.size(); i++) {
            if (hit[i]) {
                merge(out, RULES.get(i));
            }
        }
        return out;
    }

    /** One pass over the words of {@code text}: at each word, tries only the rules anchored on it. */
    private static void matchAnchored(String text, boolean[] hit) {
        int n = text.length();
        Matcher[] matchers = new Matcher[RULES.size()];
        int i = 0;
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < n && Character.isLetterOrDigit(text.charAt(j))) {
                j++;
            }
            if (j > i) {
                String word = text.substring(i, j);
                List<Integer> exact = EXACT.get(word);
                if (exact != null) {
                    for (int r : exact) {
                        tryAt(text, i, r, hit, matchers);
                    }
                }
                for (Map.Entry<String, Integer> p : PREFIX) {
                    if (word.startsWith(p.getKey())) {
                        tryAt(text, i, p.getValue(), hit, matchers);
                    }
                }
            }
            i = j;
        }
    }

    private static void tryAt(String text, int pos, int rule, boolean[] hit, Matcher[] matchers) {
        if (hit[rule]) {
            return;
        }
        Matcher m = matchers[rule];
        if (m == null) {
            m = RULES.get(rule).pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            matchers[rule] = m;
        }
        m.region(pos, Math.min(text.length(), pos + WINDOW));
        hit[rule] = m.lookingAt();
    }

    private static boolean matchesUnanchored(Rule r, String text) {
        if (r.literals() != null && r.literals().stream().noneMatch(text::contains)) {
            return false;
        }
        Matcher m = r.pattern().matcher(text);
        return r.pattern().pattern().startsWith("^") ? m.lookingAt() : m.find();
    }

    /** Whether {@code r} matches {@code text}, searching the whole text (tests compare this with the anchored search). */
    static boolean matchesAnywhere(Rule r, String text) {
        return r.pattern().matcher(text).find();
    }

    private static void merge(List<Finding> out, Rule r) {
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).code().equals(r.code)) {
                if (out.get(i).score() < r.score) {
                    out.set(i, Finding.whole("injection", r.code, r.score));
                }
                return;
            }
        }
        out.add(Finding.whole("injection", r.code, r.score));
    }

    /** Rules whose pattern has no anchor word and is searched through the whole text (kept few for speed). */
    static List<Rule> unanchored() {
        return RULES.stream().filter(r -> r.anchors() == null && r.literals() == null).toList();
    }
}
