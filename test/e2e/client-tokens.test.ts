import * as proton from "../../provider";
import {
  BUCKET,
  ENV_BUNDLE_DIR,
  MANAGEMENT_ACCOUNT,
  ROLE_ARN,
  startE2E,
  WEB_BUNDLE_DIR,
  type E2E,
} from "./harness";
import type { StackProgram } from "./harness";

// The client tokens the provider sent, as proton-local logged them, over three from-scratch runs of
// one stack: hashes holding no text of the inputs, the same on a run with the same inputs, and new
// exactly for the resource whose create parameters changed.

const CREATES = [
  "CreateEnvironmentTemplateVersion",
  "CreateServiceTemplateVersion",
  "CreateEnvironmentAccountConnection",
] as const;
type Tokens = Record<(typeof CREATES)[number], string>;

const model = { envDescription: "Shared VPC, flow logs on, for the payments team" };
const SERVICE_DESCRIPTION = "Web service behind the shared load balancer";

const program: StackProgram = () => {
  const envTemplate = new proton.EnvironmentTemplate("env-template", { name: "vpc" });
  const envVersion = new proton.EnvironmentTemplateVersion("env-template-v1", {
    templateName: envTemplate.name,
    source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
    bundleDir: ENV_BUNDLE_DIR,
    description: model.envDescription,
  });
  const svcTemplate = new proton.ServiceTemplate("svc-template", { name: "web" });
  new proton.ServiceTemplateVersion("svc-template-v1", {
    templateName: svcTemplate.name,
    source: { s3: { bucket: BUCKET, key: "svc-web/v1" } },
    bundleDir: WEB_BUNDLE_DIR,
    description: SERVICE_DESCRIPTION,
    compatibleEnvironmentTemplates: [
      { templateName: envTemplate.name, majorVersion: envVersion.majorVersion },
    ],
  });
  new proton.EnvironmentAccountConnection("prod-connection", {
    managementAccountId: MANAGEMENT_ACCOUNT,
    environmentName: "prod",
    roleArn: ROLE_ARN,
  });
};

let e: E2E;
beforeAll(async () => {
  e = await startE2E("tokens", program);
}, 120_000);
afterAll(async () => {
  await e?.close();
});

/** A fresh `up` of the whole stack (destroying what the last one made) and the tokens its creates sent. */
async function upFromScratch(): Promise<Tokens> {
  await e.stack.destroy({ color: "never" });
  await e.mark();
  const result = await e.stack.up({ color: "never" });
  expect(result.summary.resourceChanges).toEqual({ create: 6 });
  const calls = await e.callsSinceMark();
  return Object.fromEntries(
    CREATES.map((operation) => {
      const sent = calls.filter((c) => c.operation === operation && c.status === 200);
      expect(sent).toHaveLength(1);
      return [operation, String(sent[0].target?.clientToken)];
    }),
  ) as Tokens;
}

let first: Tokens;

test("every client-token create sends its own hash, holding no description, name or spec text", async () => {
  first = await upFromScratch();
  const tokens = Object.values(first);
  expect(new Set(tokens).size).toBe(CREATES.length);
  const texts = [
    ...model.envDescription.split(/\W+/),
    ...SERVICE_DESCRIPTION.split(/\W+/),
    "vpc",
    "web",
    "prod",
    "proton-e2e",
    "tokens",
    "env-template-v1",
    MANAGEMENT_ACCOUNT,
  ].filter((w) => w.length > 2);
  for (const token of tokens) {
    expect(token).toMatch(/^pulumi-proton-[0-9a-f]{48}$/);
    expect(texts.filter((t) => token.slice("pulumi-proton-".length).includes(t))).toEqual([]);
  }
});

test("a second run with the same inputs sends the same tokens", async () => {
  expect(await upFromScratch()).toEqual(first);
});

test("a changed description gives that version a new token; the other creates keep theirs", async () => {
  model.envDescription = "Shared VPC, flow logs off";
  const changed = await upFromScratch();
  expect(changed.CreateEnvironmentTemplateVersion).not.toBe(first.CreateEnvironmentTemplateVersion);
  expect(changed.CreateServiceTemplateVersion).toBe(first.CreateServiceTemplateVersion);
  expect(changed.CreateEnvironmentAccountConnection).toBe(first.CreateEnvironmentAccountConnection);
});
