import { join } from "node:path";
import * as proton from "../../provider";
import {
  BUCKET,
  BUNDLE_ROOT,
  ENV_BUNDLE_DIR,
  inventory,
  NO_RESOURCES,
  opsByName,
  recorder,
  ROLE_ARN,
  stateCounts,
  startE2E,
  WEB_BUNDLE_DIR,
  type E2E,
} from "./harness";
import type { StackProgram } from "./harness";
import { failing, resourceErrors } from "./small-stack";

// One `templateVersion` argument moves an environment and a service (its instances and pipeline) to another
// minor version: name, major, minor and schema come from the version together, so changing that one
// argument shows a diff and deploys it. Separate fields that point the schema at a version the resource
// does not move to fail the preview, naming the resource and templateSchema.

/** Environment template 1.1 adds an optional input to 1.0's schema. */
const ENV_V11_BUNDLE_DIR = join(BUNDLE_ROOT, BUCKET, "env-vpc/v1-1");

interface Model {
  /** Which minor (of major 1) the environment and the service deploy. */
  minor: "v10" | "v11";
  /** `templateVersion: <version>`, or separate fields pointing the major and schema at it (no minor). */
  as: "templateVersion" | "fields";
}

const model: Model = { minor: "v10", as: "templateVersion" };

const program: StackProgram = () => {
  const vpc = new proton.EnvironmentTemplate("vpc", { name: "vpc" });
  const env = {
    v10: new proton.EnvironmentTemplateVersion("vpc-v10", {
      template: vpc,
      source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
      bundleDir: ENV_BUNDLE_DIR,
    }),
  } as Record<Model["minor"], proton.EnvironmentTemplateVersion>;
  env.v11 = new proton.EnvironmentTemplateVersion("vpc-v11", {
    template: vpc,
    majorVersion: env.v10.majorVersion,
    source: { s3: { bucket: BUCKET, key: "env-vpc/v1-1" } },
    bundleDir: ENV_V11_BUNDLE_DIR,
  });
  const web = new proton.ServiceTemplate("web", { name: "web" });
  const compatible = [{ templateName: vpc.name, majorVersion: env.v10.majorVersion }];
  const svc = {
    v10: new proton.ServiceTemplateVersion("web-v10", {
      template: web,
      source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
      bundleDir: WEB_BUNDLE_DIR,
      compatibleEnvironmentTemplates: compatible,
    }),
  } as Record<Model["minor"], proton.ServiceTemplateVersion>;
  svc.v11 = new proton.ServiceTemplateVersion("web-v11", {
    template: web,
    majorVersion: svc.v10.majorVersion,
    source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
    bundleDir: WEB_BUNDLE_DIR,
    compatibleEnvironmentTemplates: compatible,
  });
  const envVersion = env[model.minor];
  const dev = new proton.Environment("dev", {
    name: "dev",
    protonServiceRoleArn: ROLE_ARN,
    spec: "proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n",
    ...(model.as === "templateVersion"
      ? { templateVersion: envVersion }
      : {
          templateName: envVersion.templateName,
          templateMajorVersion: envVersion.majorVersion,
          templateSchema: envVersion.schema,
        }),
  });
  new proton.Service("shop", {
    name: "shop",
    templateVersion: svc[model.minor],
    spec: dev.name.apply(
      (d) =>
        `proton: ServiceSpec\npipeline:\n  build_cmd: make\ninstances:\n  - name: shop-dev\n    environment: ${d}\n    spec:\n      port: 8080\n`,
    ),
  });
};

/** The template version each deployment is on, from proton-local. */
async function deployedVersions(e: E2E) {
  const { state } = await e.control.state();
  const at = (d: { templateMajorVersion: string; templateMinorVersion: string }) =>
    `${d.templateMajorVersion}.${d.templateMinorVersion}`;
  return {
    dev: at(state.environments.dev),
    "shop-dev": at(Object.values(state.instances)[0]),
    pipeline: at(state.services.shop.pipeline!),
  };
}

let e: E2E;
beforeAll(async () => {
  // Deployments take long enough that the provider polls them more than once, so progress lines appear.
  e = await startE2E("template-version-arg", program, { durationMs: 1500 });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

test("templateVersion: v10 deploys the environment, the instance and the pipeline on 1.0", async () => {
  const r = recorder();
  await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(await deployedVersions(e)).toEqual({ dev: "1.0", "shop-dev": "1.0", pipeline: "1.0" });

  // Progress lines are ephemeral and attached to their resource: none on the Stack, no Diagnostics section.
  const polls = r.run.events
    .map((ev) => ev.diagnosticEvent)
    .filter((d) => d?.message.includes("waiting for"));
  expect(polls.length).toBeGreaterThan(0);
  const shown = new Set(
    polls.map((d) => `${d!.severity} ephemeral=${String(d!.ephemeral)} ${d!.urn ?? "(stack)"}`),
  );
  const resources = ["vpc-v10", "vpc-v11", "web-v10", "web-v11", "dev", "shop"];
  for (const line of shown)
    expect(line).toMatch(
      new RegExp(
        `^info ephemeral=true urn:pulumi:.*::pulumi-nodejs:dynamic/proton:\\w+::(${resources.join("|")})$`,
      ),
    );
  expect(r.run.stdout).not.toContain("Diagnostics:");
});

test("separate fields pointing the major and the schema at 1.1, without the minor, fail the preview on templateSchema", async () => {
  model.as = "fields";
  model.minor = "v11";
  try {
    await e.mark();
    const { error, run } = await failing(e, "up");
    expect(resourceErrors(run, "dev")).toContain(
      "Environment 'dev': templateSchema changed, but it stays on its current minor version of vpc major 1 " +
        "(templateMinorVersion is left out, so it does not move)",
    );
    expect(error.message).toContain("Give `templateVersion: <the version resource>`");
    expect((await e.callsSinceMark()).filter((c) => c.mutating)).toEqual([]);
  } finally {
    model.as = "templateVersion";
  }
});

test("changing templateVersion to v11 shows a diff and moves all three to 1.1 in place", async () => {
  model.minor = "v11";
  const preview = await e.stack.preview({});
  expect(preview.changeSummary).toEqual({ same: 7, update: 2 });
  await e.mark();
  const r = recorder();
  await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(opsByName(r.run)).toMatchObject({ dev: ["update"], shop: ["update"] });
  expect(await deployedVersions(e)).toEqual({ dev: "1.1", "shop-dev": "1.1", pipeline: "1.1" });
  const deploymentTypes = (await e.callsSinceMark())
    .filter((c) => c.target?.deploymentType)
    .map((c) => `${c.operation} ${c.target?.deploymentType}`)
    .sort();
  expect(deploymentTypes).toEqual([
    "UpdateEnvironment MINOR_VERSION",
    "UpdateServiceInstance MINOR_VERSION",
    "UpdateServicePipeline MINOR_VERSION",
  ]);
  expect((await e.stack.preview({})).changeSummary).toEqual({ same: 9 });
});

test("destroy leaves proton-local empty", async () => {
  await e.stack.destroy({});
  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
  expect((await inventory(e.control)).versions).toEqual([]);
});
