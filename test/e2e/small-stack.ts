import * as proton from "../../provider";
import type { Timeouts } from "../../provider";
import {
  BUCKET,
  diagnostics,
  diagnosticText,
  inventory,
  ENV_BUNDLE_DIR,
  nameOf,
  recorder,
  ROLE_ARN,
  TYPE_PREFIX,
  WEB_BUNDLE_DIR,
  type E2E,
  type Run,
} from "./harness";
import type { StackProgram } from "./harness";

// A small stack for failure scenarios: an environment template and version, a service template and
// version, one environment and one service (one instance and a pipeline). The tests change the model
// between runs; the program reads it on every run.

/** Proton names, which outcome faults select by (see emulator/service/). */
export const PROTON = {
  envTemplate: "vpc",
  svcTemplate: "web",
  environment: "dev",
  service: "shop",
  instance: "shop-dev",
  /** Pipeline deployments are keyed `<service>/pipeline`. */
  pipeline: "shop/pipeline",
} as const;

export interface SmallModel {
  port: number;
  buildCmd: string;
  environmentTimeouts?: Timeouts;
}

export const smallModel = (): SmallModel => ({ port: 8080, buildCmd: "make image" });

export const smallEnvSpec = "proton: EnvironmentSpec\nspec:\n  cidr: 10.0.0.0/16\n";

export const smallServiceSpec = (model: SmallModel) =>
  [
    "proton: ServiceSpec",
    "pipeline:",
    `  build_cmd: ${model.buildCmd}`,
    "instances:",
    `  - name: ${PROTON.instance}`,
    `    environment: ${PROTON.environment}`,
    "    spec:",
    `      port: ${model.port}`,
    "",
  ].join("\n");

/** Logical names of the stack's resources. */
export const LOGICAL = ["env-template", "env-version", "svc-template", "svc-version", "dev", "shop"];

export function smallProgram(model: SmallModel): StackProgram {
  return () => {
    const envTemplate = new proton.EnvironmentTemplate("env-template", { name: PROTON.envTemplate });
    const envVersion = new proton.EnvironmentTemplateVersion("env-version", {
      templateName: envTemplate.name,
      source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
      bundleDir: ENV_BUNDLE_DIR,
    });
    const svcTemplate = new proton.ServiceTemplate("svc-template", { name: PROTON.svcTemplate });
    const svcVersion = new proton.ServiceTemplateVersion("svc-version", {
      templateName: svcTemplate.name,
      source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
      bundleDir: WEB_BUNDLE_DIR,
      compatibleEnvironmentTemplates: [
        { templateName: envTemplate.name, majorVersion: envVersion.majorVersion },
      ],
    });
    const dev = new proton.Environment("dev", {
      name: PROTON.environment,
      templateName: envTemplate.name,
      templateMajorVersion: envVersion.majorVersion,
      templateSchema: envVersion.schema,
      spec: smallEnvSpec,
      protonServiceRoleArn: ROLE_ARN,
      ...(model.environmentTimeouts ? { timeouts: model.environmentTimeouts } : {}),
    });
    new proton.Service("shop", {
      name: PROTON.service,
      templateName: svcTemplate.name,
      templateMajorVersion: svcVersion.majorVersion,
      templateSchema: svcVersion.schema,
      spec: dev.name.apply(() => smallServiceSpec(model)),
    });
  };
}

/** One pulumi-proton resource as the Pulumi state records it. */
export interface StateResource {
  id: string;
  outputs: Record<string, unknown>;
  initErrors?: string[];
}

/** The pulumi-proton resources in the stack's state, by logical name. */
export async function stateResources(e: E2E): Promise<Record<string, StateResource>> {
  const exported: { deployment: { resources?: (StateResource & { urn: string; type: string })[] } } =
    await e.stack.exportStack();
  const resources = exported.deployment.resources;
  return Object.fromEntries(
    (resources ?? [])
      .filter((r) => r.type.startsWith(TYPE_PREFIX))
      .map((r) => [nameOf(r.urn), { id: r.id, outputs: r.outputs, initErrors: r.initErrors }]),
  );
}

/** The whole small stack deployed and healthy, with the given environment-template major version. */
export const declaredInventory = (envMajor = 1) => ({
  ...emptyInventory,
  templates: ["ENVIRONMENT/vpc", "SERVICE/web"],
  versions: [`vpc:${envMajor}.0 PUBLISHED`, "web:1.0 PUBLISHED"],
  environments: ["dev SUCCEEDED"],
  services: ["shop ACTIVE pipeline SUCCEEDED"],
  instances: ["shop/shop-dev SUCCEEDED"],
});

export const emptyInventory = {
  templates: [],
  versions: [],
  environments: [],
  services: [],
  instances: [],
  connections: [],
  components: [],
  repositories: [],
  templateSyncConfigs: [],
  serviceSyncConfigs: [],
  accountSettings: [],
};

/** Runs `up` or `destroy` expecting it to fail; returns the error and everything the run reported. */
export async function failing(e: E2E, command: "up" | "destroy"): Promise<{ error: Error; run: Run }> {
  const r = recorder();
  const outcome = await e.stack[command]({ onEvent: r.onEvent, onOutput: r.onOutput }).then(
    () => undefined,
    (err: Error) => err,
  );
  if (!outcome) throw new Error(`${command} succeeded, but it was expected to fail`);
  return { error: outcome, run: r.run };
}

/** Error diagnostics the engine attached to one resource (by logical name). */
export const resourceErrors = (run: Run, logicalName: string) =>
  diagnosticText(run, (d) => d.severity === "error" && !!d.urn && nameOf(d.urn) === logicalName);

/** Logical names of the resources whose step failed in a run. */
export const failedSteps = (run: Run) =>
  run.events
    .map((ev) => ev.resOpFailedEvent?.metadata.urn)
    .filter((urn): urn is string => !!urn)
    .map(nameOf);

/** The stack, previewed: every change count (only "same" means converged) and whether Proton was mutated. */
export async function previewAfter(e: E2E) {
  await e.mark();
  const r = recorder();
  const preview = await e.stack.preview({ onEvent: r.onEvent, onOutput: r.onOutput });
  const mutatingCalls = (await e.callsSinceMark()).filter((c) => c.mutating).map((c) => c.operation);
  return { changeSummary: preview.changeSummary, mutatingCalls, errors: diagnostics(r.run, "error") };
}

/**
 * The stack converged: proton-local holds exactly the declared resources (nothing twice, nothing
 * orphaned, nothing failed), the Pulumi state records each of them with no pending init errors, and a
 * preview shows no changes and sends Proton nothing.
 */
export async function expectConverged(e: E2E, envMajor = 1): Promise<void> {
  expect(await inventory(e.control)).toEqual(declaredInventory(envMajor));
  const recorded = await stateResources(e);
  expect(Object.keys(recorded).sort()).toEqual([...LOGICAL].sort());
  for (const [name, res] of Object.entries(recorded))
    expect([name, res.initErrors ?? []]).toEqual([name, []]);
  expect(recorded["env-version"].id).toBe(`${PROTON.envTemplate}:${envMajor}.0`);
  expect(recorded.dev.id).toBe(PROTON.environment);
  expect(recorded.shop.id).toBe(PROTON.service);
  expect(await previewAfter(e)).toEqual({
    changeSummary: { same: LOGICAL.length + 1 },
    mutatingCalls: [],
    errors: "",
  });
}
