import { expect } from "@jest/globals";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListEnvironmentOutputsCommand } from "@aws-sdk/client-proton";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import * as proton from "../../provider";
import {
  ENV_BUNDLE_DIR,
  NO_RESOURCES,
  recorder,
  ROLE_ARN,
  startE2E,
  stateCounts,
  WEB_BUNDLE_DIR,
  opsByName,
  type E2E,
} from "./harness";

// A user program as the README writes it: template bundles from folders (TemplateBundle, written into
// proton-local's bundle root as the .tar.gz objects S3 would hold) and specs as objects with Outputs
// inside. It goes up (exporting an environment's output), previews quiet, takes a spec change in place and
// destroys to an empty proton-local.

const BUCKET = "e2e-template-bundles";
const work = mkdtempSync(join(tmpdir(), "bundles-e2e-"));
const bundleRoot = join(work, "bundle-root");
const model = { port: 8080 };

function program() {
  const envTemplate = new proton.EnvironmentTemplate("env-template", { name: "vpc" });
  const envVersion = new proton.EnvironmentTemplateVersion("env-version", {
    templateName: envTemplate.name,
    bundle: new proton.TemplateBundle("env-bundle", {
      dir: ENV_BUNDLE_DIR,
      bucket: BUCKET,
      localRoot: bundleRoot,
    }),
  });
  const svcTemplate = new proton.ServiceTemplate("svc-template", { name: "web" });
  const svcVersion = new proton.ServiceTemplateVersion("svc-version", {
    templateName: svcTemplate.name,
    bundle: new proton.TemplateBundle("svc-bundle", {
      dir: WEB_BUNDLE_DIR,
      bucket: BUCKET,
      localRoot: bundleRoot,
    }),
    compatibleEnvironmentTemplates: [
      { templateName: envTemplate.name, majorVersion: envVersion.majorVersion },
    ],
  });
  const dev = new proton.Environment("dev", {
    name: "dev",
    templateName: envTemplate.name,
    templateMajorVersion: envVersion.majorVersion,
    templateSchema: envVersion.schema,
    protonServiceRoleArn: ROLE_ARN,
    spec: { cidr: pulumi.output("10.0.0.0/16"), flow_logs: true },
  });
  new proton.Service("web", {
    name: "web",
    templateName: svcTemplate.name,
    templateMajorVersion: svcVersion.majorVersion,
    templateSchema: svcVersion.schema,
    spec: {
      instances: [
        { name: "web-dev", environment: dev.name, spec: { port: pulumi.output(model.port), size: "small" } },
      ],
      pipeline: { build_cmd: "make image" },
    },
  });
  // The environment template's `Outputs:` (VpcId: !Ref Vpc), passed on as a stack output.
  return { vpcId: dev.outputs.apply((o) => o.VpcId) };
}

let e: E2E;
beforeAll(async () => {
  e = await startE2E("bundles-object-specs", program, { bundleRoot });
}, 120_000);
afterAll(async () => {
  await e?.close();
  rmSync(work, { recursive: true, force: true });
});

test("bundle folders and object specs: up, a quiet preview, a spec change in place, destroy to nothing", async () => {
  const up = await e.stack.up({});
  expect(up.summary.result).toBe("succeeded");
  const listed = await e.client.send(new ListEnvironmentOutputsCommand({ environmentName: "dev" }));
  expect(listed.outputs).toEqual([{ key: "VpcId", valueString: expect.stringMatching(/^vpc-/) }]);
  expect(up.outputs.vpcId.value).toBe(listed.outputs?.[0].valueString);

  // proton-local registered both versions from the .tar.gz objects and learned their schemas.
  const { state } = await e.control.state();
  const versions = Object.values(state.versions);
  expect(versions.map((v) => [v.templateName, v.status, v.source.s3.key.endsWith(".tar.gz")]).sort()).toEqual(
    [
      ["vpc", "PUBLISHED", true],
      ["web", "PUBLISHED", true],
    ],
  );
  for (const v of versions) {
    expect(v.schema).toContain("_input_type");
    expect(existsSync(join(bundleRoot, v.source.s3.bucket, v.source.s3.key))).toBe(true);
  }
  // The object specs reached Proton as YAML with the Outputs resolved.
  expect(parse(String(Object.values(state.environments)[0].spec))).toEqual({
    proton: "EnvironmentSpec",
    spec: { cidr: "10.0.0.0/16", flow_logs: true },
  });
  expect(parse(String(Object.values(state.services)[0].spec))).toMatchObject({
    proton: "ServiceSpec",
    pipeline: { build_cmd: "make image" },
    instances: [{ name: "web-dev", environment: "dev", spec: { port: 8080, size: "small" } }],
  });

  // Unchanged folders and specs: nothing to do.
  const quiet = await e.stack.preview({});
  expect(Object.keys(quiet.changeSummary)).toEqual(["same"]);

  model.port = 9090;
  const r = recorder();
  const change = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(change.summary.result).toBe("succeeded");
  const changed = Object.entries(opsByName(r.run)).filter(([, ops]) => ops.some((op) => op !== "same"));
  expect(changed).toEqual([["web", ["update"]]]);

  const destroy = await e.stack.destroy({});
  expect(destroy.summary.result).toBe("succeeded");
  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
});
