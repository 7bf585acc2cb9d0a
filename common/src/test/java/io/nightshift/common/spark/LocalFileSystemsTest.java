package io.nightshift.common.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nightshift.common.testing.TestSpark;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process local file system behaves as Hadoop's where Delta relies on it. */
class LocalFileSystemsTest {
    @TempDir
    java.nio.file.Path folder;

    final Configuration hadoop = TestSpark.session().sparkContext().hadoopConfiguration();

    @Test
    void everySessionUsesItForBothHadoopApis() throws Exception {
        assertInstanceOf(LocalFileSystems.NioLocalFileSystem.class, FileSystem.get(folder.toUri(), hadoop));
        FileContext context = FileContext.getFileContext(folder.toUri(), hadoop);
        assertInstanceOf(LocalFileSystems.NioLocalFs.class, context.getDefaultFileSystem());
    }

    @Test
    void filesGetTheirPermissionsWithoutAShell() throws Exception {
        FileSystem fs = FileSystem.get(folder.toUri(), hadoop);
        Path file = new Path(folder.resolve("a.parquet").toUri());
        try (FSDataOutputStream out =
                fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20, null)) {
            out.write(1);
        }
        assertEquals(
                "rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("a.parquet"))));
        fs.setPermission(file, new FsPermission((short) 0604));
        assertEquals(
                "rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("a.parquet"))));
        assertEquals(new FsPermission((short) 0604), fs.getFileStatus(file).getPermission());
    }

    /** HDFSLogStore's mutual exclusion: a commit renames its temporary file onto a version that must not exist. */
    @Test
    void renameWithoutOverwriteRefusesAnExistingTarget() throws Exception {
        FileContext context = FileContext.getFileContext(folder.toUri(), hadoop);
        Path first = write(context, "first.tmp", "1");
        Path second = write(context, "second.tmp", "2");
        Path version = new Path(folder.resolve("00000000000000000001.json").toUri());

        context.rename(first, version, Options.Rename.NONE);
        assertThrows(FileAlreadyExistsException.class, () -> context.rename(second, version, Options.Rename.NONE));
        assertEquals("1", Files.readString(folder.resolve("00000000000000000001.json")));
        assertTrue(Files.exists(folder.resolve("second.tmp")), "the losing commit's file is left to its writer");
        assertThrows(
                FileNotFoundException.class,
                () -> context.rename(first, new Path(folder.resolve("x").toUri()), Options.Rename.NONE));
    }

    /** The status a rename checks is Hadoop's own, for files, folders, links and missing paths alike. */
    @Test
    void linkStatusesAreHadoopsOwn() throws Exception {
        java.nio.file.Path file = Files.writeString(folder.resolve("target.txt"), "t");
        java.nio.file.Path link = Files.createSymbolicLink(folder.resolve("link.txt"), file);
        java.nio.file.Path directory = Files.createDirectory(folder.resolve("dir"));
        RawLocalFileSystem hadoops = new RawLocalFileSystem();
        hadoops.initialize(folder.toUri(), new Configuration());
        FileSystem ours = FileSystem.get(folder.toUri(), hadoop);

        for (java.nio.file.Path each : List.of(file, link, directory)) {
            Path path = new Path(each.toUri());
            FileStatus expected = hadoops.getFileLinkStatus(path);
            FileStatus actual = ours.getFileLinkStatus(path);
            assertEquals(expected.getPath(), actual.getPath());
            assertEquals(expected.isSymlink(), actual.isSymlink(), each.toString());
            assertEquals(expected.isDirectory(), actual.isDirectory(), each.toString());
            assertEquals(expected.getLen(), actual.getLen(), each.toString());
        }
        Path missing = new Path(folder.resolve("missing").toUri());
        assertThrows(FileNotFoundException.class, () -> hadoops.getFileLinkStatus(missing));
        assertThrows(FileNotFoundException.class, () -> ours.getFileLinkStatus(missing));
    }

    private Path write(FileContext context, String name, String text) throws Exception {
        Path path = new Path(folder.resolve(name).toUri());
        try (FSDataOutputStream out = context.create(path, EnumSet.of(CreateFlag.CREATE))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return path;
    }
}
