import { execFileSync } from "node:child_process";
import { join } from "node:path";

// The provider stored with each resource (`__provider`) is shim.ts's module text. These tests load it the
// way the engine's dynamic-provider host does (require-from-string, then `.handler()`), in a plain node
// process: jest's module wrapper would otherwise stand between the text and the installed package.

const ROOT = join(__dirname, "..", "..");

function providerText(type: string, env: Record<string, string> = {}): string {
  const script = `
    const { providerModule } = require("./dist/provider/shim.js");
    process.stdout.write(providerModule(${JSON.stringify(type)}));
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

describe("the stored provider", () => {
  const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const texts = Object.fromEntries(
    TYPES.map((t) => [
      t,
      providerText(t, { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: SECRET }),
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
    expect(providerText("Service")).toBe(texts.Service);
  });

  test("the text runs as the dynamic-provider host loads it: its methods reach the installed implementation", () => {
    const script = `
      const requireFromString = require("require-from-string");
      const text = ${JSON.stringify(texts.EnvironmentTemplate)};
      const provider = requireFromString(text).handler();
      provider.check({}, { name: "bad name" }).then((r) => process.stdout.write(JSON.stringify(r.failures)));
    `;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ property: "name" })]);
  });

  test("the text earlier versions stored (Pulumi's closure serializer's) still reaches the implementation", () => {
    // Stacks deployed before the text was written by hand hold the serializer's text of this object.
    const script = `
      const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
      const requireFromString = require("require-from-string");
      const type = "EnvironmentTemplate";
      const r = (m, a) => require("pulumi-proton/runtime").run(type, m, a);
      const earlier = {
        configure: (...a) => r(0, a), check: (...a) => r(1, a), diff: (...a) => r(2, a),
        create: (...a) => r(3, a), read: (...a) => r(4, a), update: (...a) => r(5, a), delete: (...a) => r(6, a),
      };
      serializeFunction(() => earlier, { allowSecrets: true }).then(async (s) => {
        const provider = requireFromString(s.text).handler();
        const result = await provider.check({}, { name: "bad name" });
        process.stdout.write(JSON.stringify(result.failures));
      });
    `;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([expect.objectContaining({ property: "name" })]);
  });
});
