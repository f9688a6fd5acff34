import { chmodSync, cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import * as tar from "tar";
import { bundleEntries, packBundle, readArchive, sha256 } from "./bundle-archive";

const SOURCE = join(__dirname, "..", "test", "fixtures", "bundles", "proton-local-fixtures", "svc-web", "v1");
let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), "bundle-archive-"))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the fixture bundle, for tests that change files. */
const copy = (name: string) => {
  const dir = join(work, name);
  cpSync(SOURCE, dir, { recursive: true });
  return dir;
};

/** Every header field a tar reader sees, per entry, in archive order. */
function headers(bytes: Buffer) {
  const file = join(work, `read-${Math.random()}.tar.gz`);
  writeFileSync(file, bytes);
  const seen: Record<string, unknown>[] = [];
  tar.list({
    sync: true,
    file,
    onReadEntry: (e) =>
      seen.push({
        path: e.path,
        type: e.type,
        mode: e.mode?.toString(8),
        uid: e.uid ?? 0,
        gid: e.gid ?? 0,
        uname: e.uname ?? "",
        gname: e.gname ?? "",
        mtime: e.mtime?.toISOString(),
      }),
  });
  return seen;
}

test("the same files give the same bytes, whatever their times, owners' umask or the folder's path", () => {
  const first = packBundle(SOURCE);
  const other = copy("elsewhere");
  utimesSync(join(other, "schema", "schema.yaml"), new Date("2030-05-05"), new Date("2030-05-05"));
  chmodSync(join(other, "schema", "schema.yaml"), 0o600);
  chmodSync(join(other, "instance_infrastructure", "manifest.yaml"), 0o664);
  writeFileSync(join(other, ".DS_Store"), "finder noise");
  expect(packBundle(SOURCE).equals(first)).toBe(true);
  expect(sha256(packBundle(other))).toBe(sha256(first));
});

test("a changed, added or removed file changes the bytes", () => {
  const base = sha256(packBundle(copy("base")));
  const changed = copy("changed");
  writeFileSync(join(changed, "schema", "schema.yaml"), "schema: {}\n", { flag: "a" });
  const added = copy("added");
  writeFileSync(join(added, "README.md"), "notes\n");
  const removed = copy("removed");
  rmSync(join(removed, "pipeline_infrastructure", "manifest.yaml"));
  const hashes = [base, ...[changed, added, removed].map((d) => sha256(packBundle(d)))];
  expect(new Set(hashes).size).toBe(4);
});

test("entries are sorted by path with fixed owners and times; modes are 0644, 0755 for folders and executables", () => {
  const dir = copy("modes");
  mkdirSync(join(dir, "scripts"));
  writeFileSync(join(dir, "scripts", "deploy.sh"), "#!/bin/sh\n");
  chmodSync(join(dir, "scripts", "deploy.sh"), 0o700);
  const seen = headers(packBundle(dir));
  expect(seen.map((e) => e.path)).toEqual([
    "instance_infrastructure/",
    "instance_infrastructure/cloudformation.yaml",
    "instance_infrastructure/manifest.yaml",
    "pipeline_infrastructure/",
    "pipeline_infrastructure/cloudformation.yaml",
    "pipeline_infrastructure/manifest.yaml",
    "schema/",
    "schema/schema.yaml",
    "scripts/",
    "scripts/deploy.sh",
  ]);
  for (const e of seen) {
    expect(e).toMatchObject({ uid: 0, gid: 0, uname: "", gname: "" });
    expect(e.mode).toBe(e.type === "Directory" || e.path === "scripts/deploy.sh" ? "755" : "644");
    if (e.type === "File") expect(e.mtime).toBe("1980-01-01T00:00:00.000Z");
  }
});

test("the gzip header carries no timestamp and no operating system", () => {
  const bytes = packBundle(SOURCE);
  expect([...bytes.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]); // gzip, deflate, no flags (no file name)
  expect(bytes.readUInt32LE(4)).toBe(0); // MTIME
  expect(bytes[9]).toBe(0xff); // OS: unknown
  expect(gunzipSync(bytes).length % 512).toBe(0); // a whole tarball inside
});

test("reading an archive back gives each file's bytes", () => {
  const file = join(work, "b.tar.gz");
  writeFileSync(file, packBundle(SOURCE));
  const entries = readArchive(file);
  expect([...entries.keys()]).toEqual(bundleEntries(SOURCE));
  expect(entries.get("schema/schema.yaml")!.data.toString()).toContain("WebServiceInput");
});

test("an empty folder can't be a bundle; a file that is not a tarball can't be read", () => {
  mkdirSync(join(work, "empty"));
  expect(() => packBundle(join(work, "empty"))).toThrow(/bundle folder '.*empty' is empty/);
  writeFileSync(join(work, "text.tar.gz"), "hello\n");
  expect(() => readArchive(join(work, "text.tar.gz"))).toThrow(
    /it is not a gzipped tar archive \(TAR_BAD_ARCHIVE/,
  );
});
