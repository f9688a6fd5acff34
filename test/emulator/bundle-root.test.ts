import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  GetEnvironmentTemplateVersionCommand,
} from "@aws-sdk/client-proton";
import { BUNDLE_ROOT, startHarness, uniq, type Harness } from "./helpers";

// --bundle-root stands in for S3. S3 keys are opaque strings, so no bucket or key may ever reach a file
// outside the root, and what lies outside must not change the answer (no existence oracle). Symlinks
// inside the root may point anywhere inside it, never outside.

let base: string;
let h: Harness;
const SECRET = "OUTSIDE-THE-BUNDLE-ROOT";

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "proton-local-bundles-"));
  const root = join(base, "root");
  // A valid bundle inside the root, and one outside it whose schema carries a marker.
  cpSync(join(BUNDLE_ROOT, "proton-local-fixtures", "env-vpc", "v1"), join(root, "bkt", "ok", "v1"), {
    recursive: true,
  });
  const outside = join(base, "outside", "secret");
  cpSync(join(BUNDLE_ROOT, "proton-local-fixtures", "env-vpc", "v1"), outside, { recursive: true });
  writeFileSync(
    join(outside, "schema", "schema.yaml"),
    `# ${SECRET}\nschema:\n  format:\n    openapi: "3.0.0"\n  environment_input_type: "I"\n  types:\n    I:\n      type: object\n      properties: {}\n`,
  );
  // An outside bundle that is broken: REGISTRATION_FAILED would reveal that it exists.
  mkdirSync(join(base, "outside", "broken", "schema"), { recursive: true });
  writeFileSync(join(base, "outside", "broken", "schema", "schema.yaml"), "not: [a schema");
  symlinkSync(outside, join(root, "bkt", "link-out"));
  symlinkSync(join(root, "bkt", "ok", "v1"), join(root, "bkt", "link-in"));
  // A bundle folder inside the root whose schema file alone is a link to the outside.
  mkdirSync(join(root, "bkt", "file-link", "schema"), { recursive: true });
  symlinkSync(
    join(outside, "schema", "schema.yaml"),
    join(root, "bkt", "file-link", "schema", "schema.yaml"),
  );
  h = await startHarness({ bundleRoot: root });
});

afterAll(async () => {
  await h?.close();
  rmSync(base, { recursive: true, force: true });
});

/** Registers a version from bucket/key and returns it once registration is over. */
async function register(bucket: string, key: string) {
  const templateName = uniq("envt");
  await h.client.send(new CreateEnvironmentTemplateCommand({ name: templateName }));
  await h.client.send(
    new CreateEnvironmentTemplateVersionCommand({ templateName, source: { s3: { bucket, key } } }),
  );
  await h.settle();
  const { environmentTemplateVersion: v } = await h.client.send(
    new GetEnvironmentTemplateVersionCommand({ templateName, majorVersion: "1", minorVersion: "0" }),
  );
  // The message names the requested object; the rest of the answer must not depend on what lies outside.
  const message = v!.statusMessage?.replace(`s3://${bucket}/${key}:`, "s3://<requested>:");
  return { status: v!.status, schema: v!.schema, message };
}

describe("bundle root containment", () => {
  test("a bundle inside the root registers with its schema", async () => {
    const v = await register("bkt", "ok/v1");
    expect(v.status).toBe("DRAFT");
    expect(v.schema).toContain("VpcEnvironmentInput");
  });

  test.each([
    ["../../outside/secret"],
    ["ok/../../../outside/secret"],
    ["./../../outside/secret"],
    ["/../../outside/secret"],
    ["ok//../../../outside/secret"],
  ])("key %s never reads outside the root", async (key) => {
    const v = await register("bkt", key);
    expect(JSON.stringify(v)).not.toContain(SECRET);
    expect(v.schema).toBeUndefined();
  });

  test("an existing and a missing outside path get the same answer (no existence oracle)", async () => {
    const broken = await register("bkt", "../../outside/broken");
    const missing = await register("bkt", "../../outside/nothing-here");
    const inRootMissing = await register("bkt", "no-such/v1");
    expect(broken).toEqual(missing);
    expect(missing).toEqual(inRootMissing);
  });

  test("a key with dot segments is its own S3 key, not a path to another bundle", async () => {
    // In S3 `ok/../ok/v1` and `ok/v1` are different objects; only the latter exists in the root.
    expect(await register("bkt", "ok/../ok/v1")).toEqual(await register("bkt", "no-such/v1"));
  });

  test("a symlink inside the root may point inside it", async () => {
    const v = await register("bkt", "link-in");
    expect(v.status).toBe("DRAFT");
    expect(v.schema).toContain("VpcEnvironmentInput");
  });

  test("a symlink pointing outside the root is treated as absent", async () => {
    const linkOut = await register("bkt", "link-out");
    expect(JSON.stringify(linkOut)).not.toContain(SECRET);
    expect(linkOut).toEqual(await register("bkt", "no-such/v1"));
    // A folder inside the root whose schema file links outside: the folder is there, its schema is not.
    const fileLink = await register("bkt", "file-link");
    expect(JSON.stringify(fileLink)).not.toContain(SECRET);
    expect(fileLink).toEqual({
      status: "REGISTRATION_FAILED",
      schema: undefined,
      message: "Template bundle is not valid: Missing file [schema/schema.yaml]",
    });
  });
});
