package io.nightshift.jobs.ingest;

import static org.apache.spark.sql.functions.udf;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * JSON-lines landing lines, parsed strictly (no trailing tokens, no repeated keys) into a struct:
 * {@code shape} (object, array, string, number, boolean, null, or not_json), {@code error} (why not JSON),
 * {@code fields} (each top-level key -> its value as text: strings unquoted, nested values as JSON) and
 * {@code types} (key -> string, integer, decimal, boolean, null, object, array), so rules can tell the number
 * 12 from the string "12".
 */
final class JsonLines {
    static final StructType PARSED = new StructType()
            .add("shape", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true)
            .add("fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
            .add("types", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), true);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final UserDefinedFunction PARSE = udf((UDF1<String, Row>) JsonLines::parse, PARSED);

    private JsonLines() {}

    static Column parse(Column line) {
        return PARSE.apply(line);
    }

    static Row parse(String line) {
        if (line == null || line.isBlank()) {
            return RowFactory.create("not_json", "empty line", null, null);
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return RowFactory.create("not_json", e.getOriginalMessage(), null, null);
        }
        if (node == null || node.isMissingNode()) {
            return RowFactory.create("not_json", "no JSON value", null, null);
        }
        if (!node.isObject()) {
            return RowFactory.create(type(node), null, null, null);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            fields.put(field.getKey(), value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
            types.put(field.getKey(), type(value));
        }
        return RowFactory.create("object", null, fields, types);
    }

    private static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> node.isIntegralNumber() ? "integer" : "decimal";
            case BOOLEAN -> "boolean";
            case NULL, MISSING -> "null";
        };
    }
}
