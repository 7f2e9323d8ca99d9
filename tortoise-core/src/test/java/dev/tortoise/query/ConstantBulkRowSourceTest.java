package dev.tortoise.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link ConstantBulkRow}'s per-slot copies of the cell code the same: each slot's {@code cellN} must be
 * slot 0's with only the slot number changed, so that an edit made to one copy and not the others fails here
 * rather than writing some columns differently from the rest.
 */
class ConstantBulkRowSourceTest {
    private static final Path SOURCE = Path.of("src/main/java/dev/tortoise/query/ConstantBulkRow.java");

    @Test
    void everySlotsCellIsSlotZerosWithItsOwnNumber() throws IOException {
        String source = Files.readString(SOURCE);
        String first = null;
        for (int slot = 0; slot < ConstantBulkRow.SLOTS; slot++) {
            String body = method(source, slot);
            String normalized = normalize(body, slot);
            if (first == null) {
                first = normalized;
                // The copy is real code, not an empty or trivial method.
                assertTrue(first.contains("S.get(m)") && first.contains("S.toDb(v)") && first.contains("S.validate("),
                        first);
            } else {
                assertEquals(first, normalized, "cell" + slot + " differs from cell0");
            }
        }
        // No slot beyond SLOTS: the template has exactly as many copies as it declares.
        assertEquals(-1, source.indexOf("static int cell" + ConstantBulkRow.SLOTS + "("));
    }

    /** The text of {@code cellN}, from its Javadoc to its closing brace. */
    private static String method(String source, int slot) {
        Matcher m = Pattern.compile("\\n    /\\*\\*[^\\n]*\\n    private static int cell" + slot
                + "\\(.*?\\n    }\\n", Pattern.DOTALL).matcher(source);
        assertTrue(m.find(), "cell" + slot + " not found");
        return m.group();
    }

    /** {@code body} with its slot's constants, indexes and name made slot-free. */
    private static String normalize(String body, int slot) {
        return body.replaceAll("\\b([ATFX])" + slot + "\\b", "S")
                .replace("[" + slot + "]", "[S]")
                .replace("cell" + slot + "(", "cellS(")
                .replace("slot " + slot + ",", "slot S,");
    }
}
