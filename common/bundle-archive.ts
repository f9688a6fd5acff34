import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import * as tar from "tar";

// Template bundles as Proton reads them: a gzipped tarball of the bundle folder (`schema/`,
// `infrastructure/`...). Packing is deterministic, so the same files always give the same bytes and the
// same content hash: entries sorted by path, owners and times fixed, modes normalised, and a gzip header
// without a timestamp. proton-local reads archives with the same library.

/** The fixed modification time of every file entry (tools warn about 1970 timestamps). */
const FIXED_MTIME = new Date("1980-01-01T00:00:00Z");

/** Files and folders of a bundle, relative POSIX paths in byte order; dot-files (.git, .DS_Store) are left out. */
export function bundleEntries(dir: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      if (name.startsWith(".")) continue;
      const path = rel ? `${rel}/${name}` : name;
      const stat = statSync(join(dir, path));
      if (stat.isDirectory()) {
        found.push(path);
        walk(path);
      } else if (stat.isFile()) found.push(path);
    }
  };
  walk("");
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Executable files stay executable (CodeBuild scripts); everything else is 0644, folders 0755. */
const normalMode = (mode: number, isDir: boolean) =>
  (mode & ~0o7777) | (isDir || mode & 0o111 ? 0o755 : 0o644);

/** The bundle folder as a deterministic `.tar.gz`. */
export function packBundle(dir: string): Buffer {
  const entries = bundleEntries(dir);
  if (!entries.length) throw new Error(`bundle folder '${dir}' is empty`);
  const pack = tar.create(
    {
      sync: true,
      cwd: dir,
      gzip: { level: 9 },
      portable: true, // no uid/gid/owner names, no atime/ctime; gzip header without time, OS "unknown"
      mtime: FIXED_MTIME,
      noDirRecurse: true, // the sorted list above is the whole archive, in that order
      follow: true,
      onWriteEntry: (entry) => {
        if (entry.stat) entry.stat.mode = normalMode(entry.stat.mode, entry.type === "Directory");
      },
    },
    entries,
  );
  return pack.read() as Buffer;
}

/** Hex SHA-256 of an archive: what a bundle's S3 key is derived from. */
export const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** One entry of an archive as read back. */
export interface ArchiveEntry {
  type: string;
  mode: number;
  data: Buffer;
}

/** The entries of a `.tar.gz` (path → entry); throws when it is not a gzipped tarball. */
export function readArchive(file: string): Map<string, ArchiveEntry> {
  const entries = new Map<string, ArchiveEntry>();
  try {
    listEntries(file, entries);
  } catch (e) {
    // A stream error surfaces as Node's "Unhandled error" wrapping the parser's own error.
    const cause = (e as { context?: unknown }).context ?? e;
    const detail = (cause instanceof Error ? cause.message : String(cause)).split("\n")[0];
    throw new Error(`it is not a gzipped tar archive (${detail})`);
  }
  if (!entries.size) throw new Error("it holds no files");
  return entries;
}

function listEntries(file: string, entries: Map<string, ArchiveEntry>): void {
  tar.list({
    sync: true,
    file,
    strict: true,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () =>
        entries.set(entry.path.replace(/\/$/, ""), {
          type: entry.type,
          mode: entry.mode ?? 0,
          data: Buffer.concat(chunks),
        }),
      );
    },
  });
}
