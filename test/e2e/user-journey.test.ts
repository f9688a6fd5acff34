import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as proton from "../../provider";
import {
  BUCKET,
  BUNDLE_ROOT,
  ENV_BUNDLE_DIR,
  NO_RESOURCES,
  opsByName,
  recorder,
  ROLE_ARN,
  startE2E,
  stateCounts,
  WEB_BUNDLE_DIR,
  type E2E,
} from "./harness";

// The program a platform team writes with all of it together: bundles from folders
// (TemplateBundle), two minors of one major chained by output (with `template:`), deployments that take
// one `templateVersion` argument and specs as objects. It goes up, moves to the new minor by changing
// that one argument, and destroys to an empty proton-local.

const ENV_V11_BUNDLE_DIR = join(BUNDLE_ROOT, BUCKET, "env-vpc/v1-1");
const work = mkdtempSync(join(tmpdir(), "user-journey-"));
const bundleRoot = join(work, "bundle-root");
const model: { minor: "v10" | "v11" } = { minor: "v10" };

function program() {
  const bundle = (name: string, dir: string) =>
    new proton.TemplateBundle(name, { dir, bucket: "team-bundles", localRoot: bundleRoot });
  const vpc = new proton.EnvironmentTemplate("vpc", { name: "vpc" });
  const v10 = new proton.EnvironmentTemplateVersion("vpc-v10", {
    template: vpc,
    bundle: bundle("vpc-v10-bundle", ENV_BUNDLE_DIR),
  });
  const v11 = new proton.EnvironmentTemplateVersion("vpc-v11", {
    template: vpc,
    majorVersion: v10.majorVersion,
    bundle: bundle("vpc-v11-bundle", ENV_V11_BUNDLE_DIR),
  });
  const web = new proton.ServiceTemplate("web", { name: "web" });
  const webV1 = new proton.ServiceTemplateVersion("web-v1", {
    template: web,
    bundle: bundle("web-v1-bundle", WEB_BUNDLE_DIR),
    compatibleEnvironmentTemplates: [{ templateName: vpc.name, majorVersion: v10.majorVersion }],
  });
  const dev = new proton.Environment("dev", {
    name: "dev",
    templateVersion: { v10, v11 }[model.minor],
    protonServiceRoleArn: ROLE_ARN,
    spec: { cidr: pulumi.output("10.0.0.0/16") },
  });
  new proton.Service("shop", {
    name: "shop",
    templateVersion: webV1,
    spec: {
      instances: [{ name: "shop-dev", environment: dev.name, spec: { port: 8080 } }],
      pipeline: { build_cmd: "make" },
    },
  });
}

let e: E2E;
beforeAll(async () => {
  e = await startE2E("user-journey", program, { bundleRoot });
}, 120_000);
afterAll(async () => {
  await e?.close();
  rmSync(work, { recursive: true, force: true });
});

test("bundle folders, chained minors, templateVersion and object specs: up, one-argument move, destroy", async () => {
  expect((await e.stack.up({})).summary.result).toBe("succeeded");
  let { state } = await e.control.state();
  expect(
    Object.values(state.versions)
      .map((v) => `${v.templateName}:${v.major}.${v.minor} ${v.status}`)
      .sort(),
  ).toEqual(["vpc:1.0 PUBLISHED", "vpc:1.1 PUBLISHED", "web:1.0 PUBLISHED"]);
  expect(
    `${state.environments.dev.templateMajorVersion}.${state.environments.dev.templateMinorVersion}`,
  ).toBe("1.0");

  // Changing the one argument moves the environment to 1.1: an update of `dev` and nothing else.
  model.minor = "v11";
  const r = recorder();
  expect((await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput })).summary.result).toBe("succeeded");
  const changed = Object.entries(opsByName(r.run)).filter(([, ops]) => ops.some((op) => op !== "same"));
  expect(changed).toEqual([["dev", ["update"]]]);
  ({ state } = await e.control.state());
  expect(
    `${state.environments.dev.templateMajorVersion}.${state.environments.dev.templateMinorVersion}`,
  ).toBe("1.1");

  // Both minors of one major go away on destroy (the template removes them in the order Proton allows).
  expect((await e.stack.destroy({})).summary.result).toBe("succeeded");
  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
});
