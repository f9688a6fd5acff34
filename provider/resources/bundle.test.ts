import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { packBundle } from "../../common/bundle-archive";
import { TemplateBundle } from "./bundle";
import {
  EnvironmentTemplateVersion,
  ServiceTemplateVersion,
  type EnvironmentTemplateVersionArgs,
} from "./templateVersions";

// TemplateBundle under Pulumi's unit-test mocks (the AWS provider plugin is never started): the inputs
// it gives the S3 object and the template versions, and when @pulumi/aws is loaded.

let mockAwsLoads = 0;
jest.mock("@pulumi/aws", () => {
  mockAwsLoads++;
  return jest.requireActual<typeof import("@pulumi/aws")>("@pulumi/aws");
});

const registered = new Map<string, { type: string; inputs: Record<string, unknown> }>();
// Why awaited: setMocks is asynchronous; a resource registered before it settles would miss the mocks.
beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (r) => {
        const inputs = r.inputs as Record<string, unknown>;
        registered.set(r.name, { type: r.type, inputs });
        return { id: `${r.name}-id`, state: inputs };
      },
      call: (c) => c.inputs as Record<string, unknown>,
    },
    "bundles",
    "test",
    false,
  ),
);

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));
const FIXTURES = join(__dirname, "..", "..", "test", "fixtures", "bundles", "proton-local-fixtures");
const ENV_DIR = join(FIXTURES, "env-vpc", "v1");

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), "template-bundle-"))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

const copyOf = (dir: string, name: string) => {
  const to = join(work, name);
  cpSync(dir, to, { recursive: true });
  return to;
};

/** The inputs the engine got for a resource, once registered. */
async function inputsOf(resource: pulumi.Resource, name: string) {
  await valueOf(resource.urn);
  return registered.get(name)!;
}

test("uploads the archive as an aws.s3.BucketObjectv2 under a content-hash key; a version gets source and bundleDir", async () => {
  const bundle = new TemplateBundle("env-up", { dir: ENV_DIR, bucket: "proton-bundles" });
  const version = new EnvironmentTemplateVersion("env-up-v1", { templateName: "vpc", bundle });
  const object = await inputsOf(bundle.object!, "env-up");
  expect(object.type).toBe("aws:s3/bucketObjectv2:BucketObjectv2");
  expect(bundle.key).toMatch(/^env-up\/[0-9a-f]{16}\.tar\.gz$/);
  expect(object.inputs).toMatchObject({
    bucket: "proton-bundles",
    key: bundle.key,
    contentType: "application/gzip",
  });
  expect(Buffer.from(object.inputs.contentBase64 as string, "base64").equals(packBundle(ENV_DIR))).toBe(true);
  expect((await inputsOf(version, "env-up-v1")).inputs).toMatchObject({
    templateName: "vpc",
    source: { s3: { bucket: "proton-bundles", key: bundle.key } },
    bundleDir: ENV_DIR,
  });
  expect(registered.get("env-up-v1")!.inputs).not.toHaveProperty("bundle");
});

test("the same files give the same key and bytes; a changed file gives a new key", async () => {
  const a = new TemplateBundle("same-a", { dir: copyOf(ENV_DIR, "a"), bucket: "b", keyPrefix: "env/" });
  const b = new TemplateBundle("same-b", { dir: copyOf(ENV_DIR, "b"), bucket: "b", keyPrefix: "env/" });
  const changedDir = copyOf(ENV_DIR, "c");
  writeFileSync(join(changedDir, "infrastructure", "cloudformation.yaml"), "Resources: {}\n");
  const changed = new TemplateBundle("same-c", { dir: changedDir, bucket: "b", keyPrefix: "env/" });
  const [inA, inB, inC] = await Promise.all([
    inputsOf(a.object!, "same-a"),
    inputsOf(b.object!, "same-b"),
    inputsOf(changed.object!, "same-c"),
  ]);
  expect(inB.inputs).toEqual(inA.inputs);
  expect(a.key).toBe(b.key);
  expect(changed.key).not.toBe(a.key);
  expect(inC.inputs.contentBase64).not.toBe(inA.inputs.contentBase64);
});

test("a service version takes the bundle too; bundle with source or bundleDir is refused naming the resource", async () => {
  const bundle = new TemplateBundle("svc-up", { dir: join(FIXTURES, "svc-web", "v1"), bucket: "b" });
  const version = new ServiceTemplateVersion("svc-up-v1", {
    templateName: "web",
    bundle,
    compatibleEnvironmentTemplates: [{ templateName: "vpc", majorVersion: "1" }],
  });
  expect((await inputsOf(version, "svc-up-v1")).inputs).toMatchObject({
    source: { s3: { bucket: "b", key: bundle.key } },
    bundleDir: join(FIXTURES, "svc-web", "v1"),
  });
  // The types refuse both; a JavaScript program can still give them.
  const both = { templateName: "vpc", bundle, source: { s3: { bucket: "b", key: "k" } }, bundleDir: ENV_DIR };
  expect(
    () => new EnvironmentTemplateVersion("both", both as unknown as EnvironmentTemplateVersionArgs),
  ).toThrow(
    "EnvironmentTemplateVersion 'both': bundle sets source and bundleDir; leave out source and bundleDir (or bundle)",
  );
});

test("a missing or empty folder fails naming the bundle and dir", () => {
  expect(() => new TemplateBundle("nowhere", { dir: join(work, "nowhere"), bucket: "b" })).toThrow(
    /^TemplateBundle 'nowhere': dir: ENOENT/,
  );
});

test("with localRoot the archive is written where proton-local reads it", async () => {
  const local = new TemplateBundle("env-local", { dir: ENV_DIR, bucket: "proton-bundles", localRoot: work });
  expect(local.object).toBeUndefined();
  const source = await valueOf(local.source);
  const file = join(work, "proton-bundles", local.key);
  expect(source).toEqual({ s3: { bucket: "proton-bundles", key: local.key } });
  expect(existsSync(file) && readFileSync(file).equals(local.archive)).toBe(true);
  expect(registered.get("env-local")!.type).toBe("pulumi-proton:index:TemplateBundle"); // and no S3 object
});

test("@pulumi/aws is loaded only when a bundle is uploaded", async () => {
  jest.resetModules(); // forget the @pulumi/aws loaded by the tests above
  const before = mockAwsLoads;
  await jest.isolateModulesAsync(async () => {
    const isolated = await import("../index");
    new isolated.TemplateBundle("lazy-local", { dir: ENV_DIR, bucket: "b", localRoot: work });
    expect(mockAwsLoads).toBe(before);
    new isolated.TemplateBundle("lazy-upload", { dir: ENV_DIR, bucket: "b" });
    expect(mockAwsLoads).toBe(before + 1);
  });
});

test("without @pulumi/aws installed, uploading says what to install", async () => {
  jest.resetModules(); // forget the @pulumi/aws loaded above
  await jest.isolateModulesAsync(async () => {
    jest.doMock("@pulumi/aws", () => {
      throw Object.assign(new Error("Cannot find module '@pulumi/aws'"), { code: "MODULE_NOT_FOUND" });
    });
    const isolated = await import("./bundle");
    expect(() => new isolated.TemplateBundle("no-aws", { dir: ENV_DIR, bucket: "b" })).toThrow(
      "TemplateBundle 'no-aws': uploading to S3 needs @pulumi/aws (npm install @pulumi/aws), or set localRoot to write the archive for proton-local",
    );
  });
});
