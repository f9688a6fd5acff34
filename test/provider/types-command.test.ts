import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ts from "typescript";

// The generated types compile, and a spec typed with them is checked: a right one compiles, a wrong one
// fails on exactly the inputs that are wrong.

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "pulumi-proton.js");
const BUNDLES = join(ROOT, "test", "fixtures", "bundles", "proton-local-fixtures");
let work: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "provider", "cli", "index.js")))
    throw new Error("dist/provider/cli/index.js is missing: run `npm run build` first");
  work = mkdtempSync(join(tmpdir(), "bundle-types-"));
});

/** The command's output, as a user runs it (the generator needs a plain Node.js process, not jest's VM). */
const bundleTypes = (dir: string) => execFileSync("node", [BIN, "types", dir], { encoding: "utf8" });
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compiles the files against the built package; returns each error as "file:line message". */
function compileErrors(files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(work, name), text);
  const program = ts.createProgram(
    Object.keys(files).map((f) => join(work, f)),
    {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      baseUrl: ROOT,
      // The package as it ships: its declaration files.
      paths: {
        "pulumi-proton": ["dist/provider/index.d.ts"],
        "@pulumi/pulumi": ["node_modules/@pulumi/pulumi"],
      },
      typeRoots: [join(ROOT, "node_modules", "@types")],
      types: ["node"],
    },
  );
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(`${work}/`, "")}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1}`
      : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

const USE = (spec: string) => `import type { Output } from "@pulumi/pulumi";
import * as proton from "pulumi-proton";
import type { ServiceSpec, WebPipelineInput, WebServiceInput } from "./web-types";
declare const port: Output<number>;
const spec: ServiceSpec = ${spec};
new proton.Service("web", { name: "web", templateName: "web", templateMajorVersion: "1", spec });
export const built = proton.serviceSpec<WebServiceInput, WebPipelineInput>(spec);
`;

test("a service bundle's types: a right spec compiles, wrong inputs fail where they are wrong", () => {
  const types = bundleTypes(join(BUNDLES, "svc-web", "v1"));
  expect(types).toContain("export interface WebServiceInput {");
  expect(types).toContain("export type ServiceSpec = ServiceSpecObject<WebServiceInput, WebPipelineInput>;");
  expect(
    compileErrors({
      "web-types.ts": types,
      "right.ts": USE(
        `{ instances: [{ name: "web-dev", environment: "dev", spec: { port, size: "small" } }], pipeline: { build_cmd: "make" } }`,
      ),
    }),
  ).toEqual([]);
  const errors = compileErrors({
    "web-types.ts": types,
    "wrong.ts": USE(`{
  instances: [
    { name: "a", environment: "dev", spec: { port: "8080" } },
    { name: "b", environment: "dev", spec: { size: "medium" } },
    { name: "c", environment: "dev", spec: { colour: "red" } },
  ],
}`),
  });
  expect(errors).toEqual([
    expect.stringMatching(/^wrong.ts:7 .*'string' is not assignable to type .*number/),
    expect.stringMatching(
      /^wrong.ts:8 .*'"medium"' is not assignable to type 'Input<"small" \| "large" \| undefined>'/,
    ),
    expect.stringMatching(/^wrong.ts:9 .*'colour' does not exist in type/),
  ]);
});

test("an environment bundle's types give EnvironmentSpec, its inputs map", () => {
  const types = bundleTypes(join(BUNDLES, "env-vpc", "v1"));
  expect(types).toContain("export type EnvironmentSpec = EnvironmentSpecObject<VpcEnvironmentInput>;");
  const errors = compileErrors({
    "vpc-types.ts": types,
    "env.ts": `import type { EnvironmentSpec } from "./vpc-types";
export const right: EnvironmentSpec = { cidr: "10.0.0.0/16", flow_logs: true };
export const wrong: EnvironmentSpec = { cidr: "10.0.0.0/16", flow_logs: "yes" };
`,
  });
  expect(errors).toEqual([
    expect.stringMatching(/^env.ts:3 Type 'string' is not assignable to type 'Input<boolean \| undefined>'/),
  ]);
});

test("--out writes the file; a folder without a schema fails clearly", () => {
  const out = join(work, "out.ts");
  execFileSync("node", [BIN, "types", join(BUNDLES, "env-vpc", "v1"), "--out", out]);
  expect(readFileSync(out, "utf8")).toContain("export interface VpcEnvironmentInput");
  let failure = "";
  try {
    execFileSync("node", [BIN, "types", work], { encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    failure = String((e as { stderr: string }).stderr);
  }
  expect(failure).toBe(`pulumi-proton: '${work}' has no schema/schema.yaml\n`);
});
