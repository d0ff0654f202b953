package dev.paved.guard.injection;

import dev.paved.guard.Finding;
import java.util.ArrayList;
import java.util.List;
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
    public record Rule(String code, Pattern pattern, double score) {
    }

    private static final String PRIOR_EN = "(?:previous|prior|preceding|above|earlier|former|initial|original|old|past|foregoing)";
    private static final String THINGS_EN = "(?:instructions?|prompts?|rules?|directions?|directives?|commands?|context|tasks?|assignments?"
            + "|information|guidelines?|orders?|settings?|programming|conversation|text|documents?|messages?|input)";

    private static final List<Rule> RULES = List.of(
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
            rule("injection.roleplay", "\\b(?:now )?you are (?:now |no longer |not |no )?(?:a |an |the )?(?:[a-z]+ ){0,3}(?:ai|bot|assistant|model|character|persona|robot|monster|editor|newspaper|team)\\b", 0.5),
            rule("injection.roleplay", "\\b(?:now|from now on|okay\\.? now|ok now) you are\\b", 0.8),
            rule("injection.roleplay", "\\b(?:stay|remain|do not break|don't break|never break) (?:in )?character\\b|\\bstay in (?:their|your) roles?\\b", 0.85),
            rule("injection.roleplay", "\\b(?:ich möchte, dass sie als|ich möchte, dass du als|stell dir vor,? du bist|tu so,? als ob|du bist (?:jetzt|nun|keine?|ab sofort))\\b", 0.8),
            rule("injection.roleplay", "\\b(?:fungieren|agieren|auftreten) (?:sie|du)?\\b.{0,30}\\bals\\b|\\bals (?:ein|eine|einen) .{0,40}\\b(?:fungieren|agieren)\\b", 0.7),
            rule("injection.jailbreak", "\\b(?:dan|stan|dude|aim)\\b.{0,40}\\b(?:do anything now|jailbr[eo]ak|no restrictions|without restrictions)\\b|\\bdo anything now\\b", 0.95),
            rule("injection.jailbreak", "\\b(?:developer|god|admin|debug|sudo|unrestricted|jailbreak|evil) mode\\b|\\bjailbr(?:eak|oken)\\b", 0.9),
            rule("injection.jailbreak", "\\b(?:no|without|free of|ignore (?:all )?(?:your )?)(?:ethical |moral |content )?(?:restrictions|filters|guidelines|limitations|censorship|rules)\\b", 0.75),
            rule("injection.jailbreak", "\\b(?:completely )?(?:hypothetical|theoretical|fictional) (?:world|scenario|story)\\b.{0,80}\\b(?:would|could) (?:be able|you)\\b", 0.6),
            // Redirections: "stop - write: …", "ACHTUNG - STOPP"
            rule("injection.redirect", "(?:^|[.!?\\s])(?:stop|stopp|halt|achtung|attention|important|wichtig)\\s*[-:!,.]+\\s*(?:now |jetzt |nun )?(?:write|say|print|answer|schreib|sag|antworte|tell|ich)\\b", 0.85),
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
            rule("injection.roleplay", "\\b(?:role-?play(?:ing)? as|you act as|(?:in|into) (?:your|deiner|ihrer) rolle?\\b|completely absorbed in your role)", 0.8),
            rule("injection.roleplay", "\\b(?:two|zwei) (?:actors|people|persons|entities|characters|schauspieler|personen)\\b.{0,60}\\b(?:film|movie|game|play|spiel|szene|scene)\\b", 0.7),
            rule("injection.roleplay", "^(?:ok\\.?|okay\\.?|so\\.?)?\\s*(?:you are|du bist|sie sind) (?!(?:right|correct|welcome|wrong|so|very|too|a good|great|richtig)\\b)", 0.45),
            rule("injection.roleplay", "\\b(?:jetzt|nun|ab jetzt) bist du\\b", 0.8),
            // Fake system / template delimiters
            rule("injection.delimiter", "(?:={3,}|-{5,}|#{3,}|\\*{3,})\\s*(?:end|system|new|begin|start|ende)\\b", 0.85),
            rule("injection.delimiter", "</?(?:system|instructions?|sys|admin)>|\\[/?(?:inst|system|sys)\\]|<\\|im_(?:start|end)\\|>|<<sys>>|\\bsystem prompt:|^system:", 0.85),
            rule("injection.delimiter", "(?:\\\\ n\\s*){4,}|(?:\\\\n){4,}", 0.6));

    private InjectionRules() {
    }

    private static Rule rule(String code, String regex, double score) {
        return new Rule(code, Pattern.compile(regex, Pattern.UNICODE_CASE | Pattern.CASE_INSENSITIVE), score);
    }

    public static List<Rule> rules() {
        return RULES;
    }

    /** The matching rules on every view of the text, one finding per reason code at its highest score. */
    public static List<Finding> match(List<String> views) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : RULES) {
            for (String v : views) {
                if (r.pattern.matcher(v).find()) {
                    merge(out, r);
                    break;
                }
            }
        }
        return out;
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
}
