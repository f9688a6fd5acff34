import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Backend } from "./backend";
import { directoriesOf, filesUnder, normalizeDir, readPush } from "./git";

describe("the Git side's tree helpers", () => {
  const tree = { "README.md": "r", "templates/vpc/v1/schema/schema.yaml": "s", "templates/vpc/v2/x": "x" };

  test("directoriesOf lists every directory, the root first, shallow before deep", () => {
    expect(directoriesOf(tree)).toEqual([
      "",
      "templates",
      "templates/vpc",
      "templates/vpc/v1",
      "templates/vpc/v2",
      "templates/vpc/v1/schema",
    ]);
  });

  test("filesUnder keys a directory's files by their path inside it; the root keeps every path", () => {
    expect(filesUnder(tree, "templates/vpc/v1")).toEqual({ "schema/schema.yaml": "s" });
    expect(filesUnder(tree, "templates/vp")).toEqual({});
    expect(filesUnder(tree, "")).toEqual(tree);
  });

  test("normalizeDir reads configuration paths the way they are written", () => {
    expect(normalizeDir("/templates/")).toBe("templates");
    expect(normalizeDir("./configuration/proton-ops.yaml")).toBe("configuration/proton-ops.yaml");
    expect(normalizeDir(undefined)).toBe("");
  });
});

describe("a pushed tree keeps every file name", () => {
  const push = { repository: { provider: "GITHUB", name: "acme/repo" }, branch: "main", commitId: "c1" };

  test("inline files named __proto__ or constructor are files like any other", () => {
    // JSON.parse makes `__proto__` an own member, as the control plane's body parser does.
    const files = JSON.parse('{"__proto__": "p", "docs/constructor": "c", "a.txt": "a"}') as object;
    const tree = readPush({ options: {} } as Backend, { ...push, files }).files;
    expect(Object.keys(tree).sort()).toEqual(["__proto__", "a.txt", "docs/constructor"]);
    expect(tree.__proto__).toBe("p");
    expect(filesUnder(tree, "")).toEqual(Object.fromEntries(Object.entries(tree)));
  });

  test("a folder under the bundle root holding a file named __proto__ pushes it", () => {
    const root = mkdtempSync(join(tmpdir(), "git-tree-"));
    try {
      mkdirSync(join(root, "bucket", "repo", "sub"), { recursive: true });
      writeFileSync(join(root, "bucket", "repo", "__proto__"), "p");
      writeFileSync(join(root, "bucket", "repo", "sub", "__proto__"), "q");
      const tree = readPush({ options: { bundleRoot: root } } as Backend, {
        ...push,
        folder: "bucket/repo",
      }).files;
      expect(Object.entries(tree).sort()).toEqual([
        ["__proto__", "p"],
        ["sub/__proto__", "q"],
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
