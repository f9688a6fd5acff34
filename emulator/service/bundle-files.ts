import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { bundleEntries, readArchive } from "../../common/bundle-archive";
import type { Backend } from "./backend";
import { bundlePath } from "./bundle-path";
import { versionKey, type TemplateKind } from "./state";

// The files of a registered template version's bundle, for rendering its deployments: the bundle a
// template sync stored, else the `.tar.gz` object or unpacked folder under the bundle root.

/** Every file of a bundle folder or `.tar.gz` at `path` (relative path -> text). */
export function bundleFiles(path: string): Map<string, string> | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (stat.isDirectory())
    return new Map(
      bundleEntries(path)
        .filter((p) => statSync(join(path, p)).isFile())
        .map((p) => [p, readFileSync(join(path, p), "utf8")]),
    );
  const entries = [...readArchive(path)].filter(([, e]) => e.type === "File");
  // A tarball holds the bundle at its root or inside one top folder.
  const tops = new Set(entries.map(([p]) => p.split("/")[0]));
  const prefix =
    !entries.some(([p]) => p === "schema/schema.yaml") && tops.size === 1 ? `${[...tops][0]}/` : "";
  return new Map(entries.map(([p, e]) => [p.slice(prefix.length), e.data.toString("utf8")]));
}

/** The bundle of template version `name:major.minor`, or undefined when it can't be found. */
export function versionBundle(
  b: Backend,
  kind: TemplateKind,
  name: string,
  major: string,
  minor: string,
): Map<string, string> | undefined {
  const key = versionKey(kind, name, major, minor);
  const synced = b.state.syncedBundles?.[key];
  if (synced) return new Map(Object.entries(synced));
  const version = b.state.versions[key];
  const root = b.options.bundleRoot;
  const path = version && root ? bundlePath(root, version.source.s3) : undefined;
  try {
    return path === undefined ? undefined : bundleFiles(path);
  } catch {
    return undefined;
  }
}
