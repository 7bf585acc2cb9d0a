package io.nightshift.common.spark;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without its shell-outs. Without the native libhadoop (which Maven
 * Central does not ship), Hadoop 3.3's {@link RawLocalFileSystem} starts a {@code chmod} process for every file
 * and folder it creates and a {@code readlink} process for both ends of every rename, so each Delta commit costs
 * about ten processes of some 8 ms each. These classes do the same two things through java.nio and leave every
 * other behaviour to Hadoop's; {@link SparkSessions} installs them for both of Hadoop's APIs (FileSystem, and the
 * FileContext Delta's log store commits through).
 */
public final class LocalFileSystems {
    private LocalFileSystems() {}

    /** The Hadoop settings that put these classes behind the {@code file:} scheme. */
    static final String FILE_SYSTEM_KEY = "fs.file.impl";

    static final String ABSTRACT_FILE_SYSTEM_KEY = "fs.AbstractFileSystem.file.impl";

    /** {@link RawLocalFileSystem} with permissions set and links looked up in-process. */
    public static class NioRawLocalFileSystem extends RawLocalFileSystem {
        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            if (permission.getStickyBit()) {
                super.setPermission(path, permission); // java.nio cannot set it; Hadoop's chmod can
                return;
            }
            try {
                Files.setPosixFilePermissions(
                        pathToFile(path).toPath(),
                        PosixFilePermissions.fromString(permission.getUserAction().SYMBOL
                                + permission.getGroupAction().SYMBOL
                                + permission.getOtherAction().SYMBOL));
            } catch (UnsupportedOperationException notPosix) {
                super.setPermission(path, permission);
            }
        }

        /**
         * A file or folder's status; a symbolic link's as Hadoop gives it. (Hadoop asks {@code readlink} first
         * for every path, a process per call.)
         */
        @Override
        public FileStatus getFileLinkStatus(Path path) throws IOException {
            return Files.isSymbolicLink(pathToFile(path).toPath())
                    ? super.getFileLinkStatus(path)
                    : getFileStatus(path);
        }
    }

    /** {@link LocalFileSystem} (checksummed) over {@link NioRawLocalFileSystem}: Hadoop's FileSystem API. */
    public static class NioLocalFileSystem extends LocalFileSystem {
        public NioLocalFileSystem() {
            super(new NioRawLocalFileSystem());
        }
    }

    /** The FileContext side (Hadoop's {@code LocalFs}), which Delta's HDFSLogStore renames commits through. */
    public static class NioLocalFs extends ChecksumFs {
        public NioLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new NioRawLocalFs(uri, conf));
        }
    }

    /** As Hadoop's {@code RawLocalFs}, whose constructors are package-private, over the in-process file system. */
    static class NioRawLocalFs extends DelegateToFileSystem {
        NioRawLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new NioRawLocalFileSystem(), conf, "file", false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1; // no default port for file:///
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults(Path path) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            return true; // any local path is valid
        }
    }
}
