import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

// Dependencies run provider -> common <- emulator: the published provider never loads proton-local, and
// common/ (the API model, spec rules) stands on its own.

const ROOT = resolve(__dirname, "..");
const IMPORT = /(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Files under `from` that import something under one of `forbidden` (relative or by package path). */
function offenders(from: string, forbidden: string[]): string[] {
  return sources(join(ROOT, from)).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(IMPORT)]
      .map((m) => m[1])
      .filter((spec) => {
        const target = spec.startsWith(".") ? relative(ROOT, resolve(dirname(file), spec)) : spec;
        return forbidden.some((f) => target === f || target.startsWith(`${f}/`));
      })
      .map((spec) => `${relative(ROOT, file)} imports ${spec}`),
  );
}

test("provider/ imports nothing from emulator/", () => {
  expect(offenders("provider", ["emulator", "pulumi-proton/emulator"])).toEqual([]);
});

test("common/ imports nothing from provider/ or emulator/", () => {
  expect(offenders("common", ["emulator", "provider", "pulumi-proton/emulator", "pulumi-proton"])).toEqual(
    [],
  );
});
