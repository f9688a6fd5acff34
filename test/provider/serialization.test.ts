import { execFileSync } from "node:child_process";
import { join } from "node:path";

// The serialized provider (`__provider` in the state) is built by Pulumi's real closure serializer, the
// way dynamic.Resource does it. It runs in a plain node process: jest's module wrapper and transforms
// would otherwise change what the serializer sees.

const ROOT = join(__dirname, "..", "..");

function serializeShim(type: string, env: Record<string, string> = {}): string {
  const script = `
    const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const { shim } = require("./dist/provider/shim.js");
    const provider = shim(${JSON.stringify(type)});
    serializeFunction(() => provider, { allowSecrets: true }).then((s) => process.stdout.write(s.text));
  `;
  return execFileSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
}

const TYPES = [
  "EnvironmentTemplate",
  "EnvironmentTemplateVersion",
  "ServiceTemplate",
  "ServiceTemplateVersion",
  "Environment",
  "Service",
  "EnvironmentAccountConnection",
];

describe("the serialized provider", () => {
  const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const texts = Object.fromEntries(
    TYPES.map((t) => [
      t,
      serializeShim(t, { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: SECRET }),
    ]),
  );

  test.each(TYPES)("%s: under 2 KB", (type) => {
    expect(Buffer.byteLength(texts[type])).toBeLessThan(2048);
  });

  test.each(TYPES)("%s: loads the implementation from the installed package at run time", (type) => {
    expect(texts[type]).toContain('require("pulumi-proton/runtime")');
    expect(texts[type]).toContain(JSON.stringify(type));
  });

  test.each(TYPES)("%s: holds no credential, client or endpoint", (type) => {
    expect(texts[type]).not.toContain(SECRET);
    expect(texts[type]).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(texts[type]).not.toMatch(/ProtonClient|client-proton|http:\/\//);
  });

  test("is identical across runs, so it never causes a diff", () => {
    expect(serializeShim("Service")).toBe(texts.Service);
  });

  test("the serialized text runs: its methods reach the installed implementation", () => {
    const script = `
      const requireFromString = require("require-from-string");
      const text = ${JSON.stringify(texts.EnvironmentTemplate)};
      const provider = requireFromString(text).handler();
      provider.check({}, { name: "bad name" }).then((r) => process.stdout.write(JSON.stringify(r.failures)));
    `;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ property: "name" })]);
  });
});
