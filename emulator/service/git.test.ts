import { directoriesOf, filesUnder, normalizeDir } from "./git";

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
