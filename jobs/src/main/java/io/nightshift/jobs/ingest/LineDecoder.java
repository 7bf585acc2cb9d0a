package io.nightshift.jobs.ingest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A landing file's bytes as numbered text lines: gunzipped when the name ends in {@code .gz}, split on '\n'
 * (a trailing '\r' dropped, so CRLF files read like LF files), a leading UTF-8 byte-order mark dropped, and
 * each line decoded strictly as UTF-8. A line that is not valid UTF-8 is kept, decoded with replacement
 * characters, and marked {@link #NOT_UTF8}: the rules quarantine it, so no line is lost.
 */
final class LineDecoder {
    static final String NOT_UTF8 = "not_utf8";

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private LineDecoder() {}

    /** One line: 1-based number, decoded text, and null or {@link #NOT_UTF8}. */
    record Line(long number, String text, String problem) {}

    /** The file's content, gunzipped if {@code file} ends in .gz; a damaged gzip is a {@link LandingFileException}. */
    static byte[] content(String file, InputStream raw) throws IOException {
        if (!file.endsWith(".gz")) {
            return raw.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (GZIPInputStream gzip = new GZIPInputStream(raw, buffer.length)) {
            for (int n; (n = gzip.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (EOFException e) {
            throw new LandingFileException(file, "truncated gzip after line " + completeLines(out.toByteArray()), e);
        } catch (ZipException e) {
            throw new LandingFileException(
                    file,
                    "corrupt gzip after line " + completeLines(out.toByteArray()) + " (" + e.getMessage() + ")",
                    e);
        }
        return out.toByteArray();
    }

    /** The lines of a file's (already gunzipped) content; an empty file has none. */
    static List<Line> lines(byte[] content) {
        int start = startsWith(content, BOM) ? BOM.length : 0;
        List<Line> lines = new ArrayList<>();
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        long number = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int next = end + 1;
            if (end > start && content[end - 1] == '\r') {
                end--;
            }
            lines.add(decode(++number, content, start, end, strict));
            start = next;
        }
        return lines;
    }

    private static Line decode(long number, byte[] content, int from, int to, CharsetDecoder strict) {
        try {
            return new Line(
                    number,
                    strict.reset()
                            .decode(ByteBuffer.wrap(content, from, to - from))
                            .toString(),
                    null);
        } catch (CharacterCodingException e) {
            return new Line(number, new String(content, from, to - from, StandardCharsets.UTF_8), NOT_UTF8);
        }
    }

    private static long completeLines(byte[] content) {
        long n = 0;
        for (byte b : content) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (content[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
