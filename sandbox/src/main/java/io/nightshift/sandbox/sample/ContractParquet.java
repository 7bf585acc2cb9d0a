package io.nightshift.sandbox.sample;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The import contract's order lines and products as typed Parquet files ({@code orders.parquet},
 * {@code products.parquet}), as a shop's data warehouse would write them: whole numbers as integers, money as
 * decimal(12,2), {@code ordered_at} as an instant (a timestamp adjusted to UTC, which keeps its offset), {@code active}
 * a boolean, an empty optional value null. Written from {@link ContractExport}'s queries, one file each, without
 * Spark (the generator runs without a Spark session).
 */
public final class ContractParquet {
    private ContractParquet() {}

    /** A column of a contract file and how Parquet holds it. */
    private enum Kind {
        TEXT,
        WHOLE,
        MONEY,
        INSTANT,
        BOOLEAN
    }

    private record Column(String name, Kind kind, boolean required) {}

    private static final List<Column> ORDER_LINES = List.of(
            new Column("order_id", Kind.TEXT, true),
            new Column("line_id", Kind.WHOLE, true),
            new Column("ordered_at", Kind.INSTANT, true),
            new Column("sku", Kind.TEXT, true),
            new Column("quantity", Kind.WHOLE, true),
            new Column("unit_price", Kind.MONEY, true),
            new Column("currency", Kind.TEXT, true),
            new Column("customer_key", Kind.TEXT, false),
            new Column("channel", Kind.TEXT, false),
            new Column("discount", Kind.MONEY, false),
            new Column("status", Kind.TEXT, false),
            new Column("product_name", Kind.TEXT, false));

    private static final List<Column> PRODUCTS = List.of(
            new Column("sku", Kind.TEXT, true),
            new Column("price", Kind.MONEY, true),
            new Column("name", Kind.TEXT, false),
            new Column("category", Kind.TEXT, false),
            new Column("brand", Kind.TEXT, false),
            new Column("product_type", Kind.TEXT, false),
            new Column("tags", Kind.TEXT, false),
            new Column("unit_cost", Kind.MONEY, false),
            new Column("currency", Kind.TEXT, false),
            new Column("active", Kind.BOOLEAN, false));

    /** Writes the days' order lines to {@code orders.parquet} (and {@code products.parquet}); returns the lines. */
    public static long write(
            DataSource db,
            Path folder,
            ContractExport.Customers customers,
            ContractExport.Days days,
            boolean withProducts)
            throws IOException, SQLException {
        Files.createDirectories(folder);
        long lines = write(
                db,
                ContractExport.orderLinesQuery(customers, days),
                ORDER_LINES,
                "order_line",
                folder.resolve("orders.parquet"));
        if (withProducts) {
            write(db, ContractExport.PRODUCTS_QUERY, PRODUCTS, "product", folder.resolve("products.parquet"));
        }
        return lines;
    }

    private static long write(DataSource db, String query, List<Column> columns, String name, Path file)
            throws IOException, SQLException {
        MessageType schema = schema(name, columns);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        long[] rows = {0};
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalFile(file))
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            ContractExport.eachRow(db, query, row -> {
                writer.write(group(groups.newGroup(), columns, row));
                rows[0]++;
            });
        }
        return rows[0];
    }

    private static Group group(Group group, List<Column> columns, ResultSet row) throws SQLException {
        for (Column c : columns) {
            switch (c.kind()) {
                case TEXT -> {
                    String text = row.getString(c.name());
                    // The CSV's empty customer_key (a guest) is a null here, as a typed table holds it.
                    if (text != null && !text.isEmpty()) {
                        group.append(c.name(), text);
                    }
                }
                case WHOLE -> group.append(c.name(), row.getInt(c.name()));
                case MONEY -> {
                    BigDecimal amount = row.getBigDecimal(c.name());
                    if (amount != null) {
                        group.append(
                                c.name(), amount.setScale(2).unscaledValue().longValueExact());
                    }
                }
                case INSTANT -> {
                    Instant at = Instant.parse(row.getString(c.name()));
                    group.append(c.name(), at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
                }
                case BOOLEAN -> {
                    boolean value = row.getBoolean(c.name());
                    if (!row.wasNull()) {
                        group.append(c.name(), value);
                    }
                }
            }
        }
        return group;
    }

    private static MessageType schema(String name, List<Column> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column c : columns) {
            Repetition repetition = c.required() ? Repetition.REQUIRED : Repetition.OPTIONAL;
            switch (c.kind()) {
                case TEXT ->
                    message.primitive(PrimitiveTypeName.BINARY, repetition)
                            .as(LogicalTypeAnnotation.stringType())
                            .named(c.name());
                case WHOLE ->
                    message.primitive(PrimitiveTypeName.INT32, repetition).named(c.name());
                case MONEY ->
                    message.primitive(PrimitiveTypeName.INT64, repetition)
                            .as(LogicalTypeAnnotation.decimalType(2, 12))
                            .named(c.name());
                case INSTANT ->
                    message.primitive(PrimitiveTypeName.INT64, repetition)
                            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                            .named(c.name());
                case BOOLEAN ->
                    message.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(c.name());
            }
        }
        return message.named(name);
    }

    /** A local file for Parquet's writer through java.nio: no Hadoop file system, no checksum side file. */
    private record LocalFile(Path file) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            return stream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
            return stream(Files.newOutputStream(file));
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        private static PositionOutputStream stream(OutputStream raw) {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                    position += length;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
        }
    }
}
