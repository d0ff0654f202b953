package dev.paved.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Hugging Face {@code tokenizer.json} that describes a BERT tokenizer (BertNormalizer, BertPreTokenizer,
 * WordPiece, {@code [CLS] $A [SEP]} template). Any other pipeline is rejected rather than tokenized differently.
 */
final class BertTokenizerJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BertTokenizerJson() {
    }

    static BertTokenizer read(InputStream in) throws IOException {
        JsonNode root = JSON.readTree(in);
        return new BertTokenizer(normalizer(root.path("normalizer")), wordPiece(root.path("model")),
                specialTokens(root.path("added_tokens")), templateToken(root, 0, "CLS"),
                templateToken(root, 2, "SEP"), vocabId(root, "[PAD]"));
    }

    private static BertNormalizer normalizer(JsonNode node) {
        require(node, "type", "BertNormalizer");
        boolean lowercase = node.path("lowercase").asBoolean(true);
        JsonNode stripAccents = node.path("strip_accents");
        return new BertNormalizer(node.path("clean_text").asBoolean(true),
                node.path("handle_chinese_chars").asBoolean(true),
                stripAccents.isBoolean() ? stripAccents.booleanValue() : lowercase,
                lowercase);
    }

    private static WordPiece wordPiece(JsonNode model) {
        require(model, "type", "WordPiece");
        JsonNode vocabNode = model.path("vocab");
        if (!vocabNode.isObject() || vocabNode.isEmpty()) {
            throw new EmbeddingException("tokenizer.json has no WordPiece vocabulary");
        }
        Map<String, Integer> vocab = new HashMap<>(vocabNode.size() * 2);
        vocabNode.properties().forEach(entry -> vocab.put(entry.getKey(), entry.getValue().intValue()));
        return new WordPiece(vocab, model.path("unk_token").asText("[UNK]"),
                model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100));
    }

    /** Added tokens, all of which must match verbatim on the raw text (no normalisation, no stripping). */
    private static Map<String, Integer> specialTokens(JsonNode addedTokens) {
        Map<String, Integer> tokens = new LinkedHashMap<>();
        for (JsonNode token : addedTokens) {
            String content = token.path("content").asText();
            if (token.path("normalized").asBoolean(false) || token.path("lstrip").asBoolean(false)
                    || token.path("rstrip").asBoolean(false) || token.path("single_word").asBoolean(false)) {
                throw new EmbeddingException("unsupported matching options for added token " + content);
            }
            tokens.put(content, token.path("id").intValue());
        }
        return tokens;
    }

    /** The id of the special token at {@code position} of the single-sequence template [CLS] $A [SEP]. */
    private static int templateToken(JsonNode root, int position, String expected) {
        JsonNode processor = root.path("post_processor");
        require(processor, "type", "TemplateProcessing");
        JsonNode single = processor.path("single");
        if (single.size() != 3 || !single.path(1).has("Sequence")) {
            throw new EmbeddingException("unsupported post_processor template: " + single);
        }
        String token = single.path(position).path("SpecialToken").path("id").asText();
        if (!token.equals("[" + expected + "]")) {
            throw new EmbeddingException("expected [" + expected + "] in the template, found " + single);
        }
        JsonNode ids = processor.path("special_tokens").path(token).path("ids");
        if (ids.size() != 1) {
            throw new EmbeddingException("special token " + token + " must map to one id, got " + ids);
        }
        return ids.path(0).intValue();
    }

    private static int vocabId(JsonNode root, String token) {
        JsonNode id = root.path("model").path("vocab").path(token);
        if (!id.isInt()) {
            throw new EmbeddingException("token " + token + " is not in the vocabulary");
        }
        return id.intValue();
    }

    private static void require(JsonNode node, String field, String expected) {
        String actual = node.path(field).asText();
        if (!expected.equals(actual)) {
            throw new EmbeddingException("unsupported tokenizer.json: expected " + field + " " + expected
                    + ", found '" + actual + "'");
        }
    }
}
