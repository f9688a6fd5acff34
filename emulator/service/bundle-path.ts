import { realpathSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

// The bundle root (`--bundle-root`) stands in for S3: `<root>/<bucket>/<key>` is the object. S3 keys are
// opaque strings, so every lookup goes through bundlePath, which guarantees nothing outside the root is
// ever read and that what lies outside never changes an answer (an escaping key is simply "absent"):
//  - a bucket or key with a `.` or `..` segment is absent: in S3 `a/../b` is its own object, not `b`;
//  - the resolved path must lie strictly inside the root;
//  - symlinks are followed, and the real path must lie inside the root's real path: links may point
//    anywhere inside the root (e.g. one bundle version sharing another's folder), never outside it.
// The caller reads the returned real path itself, so a link swapped after the check is not followed.

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

const hasDotSegment = (s: string) => s.split("/").some((part) => part === "." || part === "..");

function realpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined; // missing, a dangling link, a NUL byte, a loop: all "absent"
  }
}

/**
 * The real path of `<root>/<bucket>/<key>[/<inside>...]` when it exists inside the bundle root, else
 * undefined. `inside` are fixed path segments chosen by the emulator (e.g. "schema", "schema.yaml").
 */
export function bundlePath(
  root: string,
  source: { bucket: string; key: string },
  ...inside: string[]
): string | undefined {
  if (hasDotSegment(source.bucket) || source.bucket.includes("/") || hasDotSegment(source.key))
    return undefined;
  const lexicalRoot = resolve(root);
  const lexical = resolve(lexicalRoot, source.bucket, ...source.key.split("/").filter(Boolean), ...inside);
  if (!isInside(lexicalRoot, lexical)) return undefined;
  const realRoot = realpath(lexicalRoot);
  const real = realpath(lexical);
  if (!realRoot || !real || !isInside(realRoot, real)) return undefined;
  return real;
}
