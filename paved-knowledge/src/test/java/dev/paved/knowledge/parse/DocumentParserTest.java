package dev.paved.knowledge.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import dev.paved.knowledge.model.DocumentInput;

class DocumentParserTest {

    private final DocumentParser parser = new DocumentParser();

    @Test
    void pdf() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            for (String line : List.of("Refund policy for annual plans", "Customers may cancel within thirty days.")) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    cs.newLineAtOffset(72, 700);
                    cs.showText(line);
                    cs.endText();
                }
            }
            doc.getDocumentInformation().setTitle("Refunds");
            doc.save(out);
        }
        ParsedDocument p = parser.parse(out.toByteArray(), "refunds.pdf");
        assertThat(p.contentType()).isEqualTo("application/pdf");
        assertThat(p.title()).isEqualTo("Refunds");
        assertThat(p.text()).contains("Refund policy for annual plans").contains("Customers may cancel within thirty days.");
        // Pages are separate blocks, so chunking can split between them.
        assertThat(p.text()).containsPattern("annual plans\\s*\\n\\s*\\n\\s*Customers");
    }

    @Test
    void docx() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.createParagraph().createRun().setText("Travel expenses are reimbursed monthly.");
            doc.createParagraph().createRun().setText("Receipts are required above fifty euros.");
            doc.getProperties().getCoreProperties().setTitle("Travel policy");
            doc.write(out);
        }
        ParsedDocument p = parser.parse(out.toByteArray(), "travel.docx");
        assertThat(p.contentType()).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(p.title()).isEqualTo("Travel policy");
        assertThat(p.text()).isEqualTo("Travel expenses are reimbursed monthly.\n\nReceipts are required above fifty euros.");
    }

    @Test
    void htmlKeepsHeadingsAndDropsScripts() {
        String html = """
                <html><head><title>Onboarding</title><style>p{color:red}</style></head>
                <body><h1>Welcome</h1><p>First day: collect your badge.</p><script>alert('x')</script>
                <h2>Laptops</h2><ul><li>Mac</li><li>Linux</li></ul></body></html>""";
        ParsedDocument p = parser.parse(html.getBytes(StandardCharsets.UTF_8), "onboarding.html");
        assertThat(p.contentType()).isEqualTo("text/html");
        assertThat(p.title()).isEqualTo("Onboarding");
        assertThat(p.text()).isEqualTo("# Welcome\n\nFirst day: collect your badge.\n\n## Laptops\n\n- Mac\n- Linux");
    }

    @Test
    void markdownIsKeptAsWritten() {
        String md = "# Security\r\n\r\nRotate keys every 90 days.\r\n\r\n## Passwords\r\n\r\nUse a manager.\r\n";
        ParsedDocument p = parser.parse(md.getBytes(StandardCharsets.UTF_8), "security.md");
        assertThat(p.contentType()).contains("markdown");
        assertThat(p.title()).isEqualTo("Security");
        assertThat(p.text()).isEqualTo("# Security\n\nRotate keys every 90 days.\n\n## Passwords\n\nUse a manager.");
    }

    @Test
    void plainText() {
        ParsedDocument p = parser.parse("Office hours are 9 to 5.\n".getBytes(StandardCharsets.UTF_8), "hours.txt");
        assertThat(p.contentType()).isEqualTo("text/plain");
        assertThat(p.title()).isNull();
        assertThat(p.text()).isEqualTo("Office hours are 9 to 5.");
    }

    @Test
    void jsonlRecords() {
        String jsonl = """
                {"_id": "d1", "title": "Alpha", "text": "first", "metadata": {"lang": "en", "year": 2020}}

                {"id": "d2", "text": "second", "acl_groups": ["hr"], "data_class": "confidential", "source": "s3://b/d2"}
                """;
        List<DocumentInput> docs = JsonlRecords.readAll(new BufferedReader(new StringReader(jsonl)), "docs.jsonl");
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).documentId()).isEqualTo("d1");
        assertThat(docs.get(0).title()).isEqualTo("Alpha");
        assertThat(docs.get(0).metadata()).containsEntry("lang", "en").containsEntry("year", "2020");
        assertThat(docs.get(0).source()).isEqualTo("docs.jsonl#d1");
        assertThat(docs.get(1).aclGroups()).containsExactly("hr");
        assertThat(docs.get(1).dataClass()).isEqualTo("confidential");
        assertThat(docs.get(1).source()).isEqualTo("s3://b/d2");
    }

    @Test
    void badJsonlLinesNameTheirLine() {
        assertThatThrownBy(() -> JsonlRecords.readAll(new BufferedReader(new StringReader("{\"_id\":\"a\",\"text\":\"x\"}\n{\"_id\":\"b\"}")), "f.jsonl"))
                .isInstanceOf(ParseException.class).hasMessage("f.jsonl:2: the record has no \"text\"");
        assertThatThrownBy(() -> JsonlRecords.readAll(new BufferedReader(new StringReader("not json")), "f.jsonl"))
                .isInstanceOf(ParseException.class).hasMessageStartingWith("f.jsonl:1: not valid JSON");
    }

    @Test
    void unusableFilesAreRejectedWithAReason() {
        assertThatThrownBy(() -> parser.parse(new byte[0], "x.pdf")).isInstanceOf(ParseException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> parser.parse("%PDF-1.7 garbage".getBytes(StandardCharsets.UTF_8), "x.pdf"))
                .isInstanceOf(ParseException.class).hasMessageContaining("application/pdf");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};
        assertThatThrownBy(() -> parser.parse(png, "x.png")).isInstanceOf(ParseException.class).hasMessageContaining("not supported");
    }
}
