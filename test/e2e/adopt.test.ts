import { CreateEnvironmentTemplateCommand } from "@aws-sdk/client-proton";
import * as proton from "../../provider";
import {
  diagnostics,
  nameOf,
  opsByName,
  recorder,
  startE2E,
  NO_RESOURCES,
  stateCounts,
  protonResources,
  type E2E,
} from "./harness";
import type { StackProgram } from "./harness";
import { failedSteps } from "./small-stack";

// adoptExisting through the real CLI: a template made directly in proton-local (outside Pulumi) with other
// values than the program's is refused by a plain `up`, naming the differing fields, and taken over and
// updated in place once the program sets adoptExisting: true.

const model = { adoptExisting: false };
const program: StackProgram = () => {
  new proton.EnvironmentTemplate("shared", {
    name: "shared-vpc",
    displayName: "Shared VPC",
    description: "Managed by Pulumi",
    adoptExisting: model.adoptExisting,
  });
};

let e: E2E;
let existing: { arn: string; createdAt: number };

beforeAll(async () => {
  e = await startE2E("adopt", program);
  await e.client.send(
    new CreateEnvironmentTemplateCommand({
      name: "shared-vpc",
      displayName: "Hand made",
      description: "made in the console",
    }),
  );
  const { state } = await e.control.state();
  existing = state.templates["ENVIRONMENT/shared-vpc"];
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const stateResources = async () =>
  ((await e.stack.exportStack()).deployment as { resources?: { urn: string; type: string }[] }).resources ??
  [];

test("without adoptExisting, up refuses the existing template, naming the differing fields, and changes nothing", async () => {
  await e.mark();
  const r = recorder();
  const error = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput }).catch((err: Error) => err);
  expect(error).toBeInstanceOf(Error);
  const message =
    "environment template 'shared-vpc' already exists in Proton and differs from the program in: displayName, description. " +
    "Set `adoptExisting: true` to take it over and update it, or choose another name.";
  expect((error as Error).message).toContain(message);
  expect(diagnostics(r.run, "error")).toContain(message);
  expect(failedSteps(r.run)[0]).toBe("shared");

  expect((await e.callsSinceMark()).filter((c) => c.mutating)).toEqual([]);
  const { state } = await e.control.state();
  expect(state.templates["ENVIRONMENT/shared-vpc"]).toMatchObject({
    displayName: "Hand made",
    description: "made in the console",
  });
  expect(protonResources(await stateResources())).toEqual([]);
});

test("with adoptExisting: true, up takes the template over and updates it in place", async () => {
  model.adoptExisting = true;
  await e.mark();
  const r = recorder();
  const result = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  expect(opsByName(r.run)).toEqual({ shared: ["create"] });
  expect(diagnostics(r.run)).toContain(
    "environment template 'shared-vpc': already exists; adopting and updating displayName, description",
  );
  expect(result.summary.result).toBe("succeeded");

  const calls = await e.callsSinceMark();
  // The owner tag marks it as this stack's, so that another stack's create of the name is refused.
  expect(calls.filter((c) => c.mutating).map((c) => ({ operation: c.operation, ...c.target }))).toEqual([
    { operation: "TagResource", resourceArn: existing.arn },
    { operation: "UpdateEnvironmentTemplate", name: "shared-vpc" },
  ]);
  const { state } = await e.control.state();
  expect(state.templates["ENVIRONMENT/shared-vpc"]).toMatchObject({
    displayName: "Shared VPC",
    description: "Managed by Pulumi",
    arn: existing.arn,
    createdAt: existing.createdAt, // the same template, not a new one
  });
  expect(await stateCounts(e.control)).toMatchObject({ templates: 1 });
  const resources = protonResources(await stateResources());
  expect(resources.map((res) => nameOf(res.urn))).toEqual(["shared"]);

  await e.mark();
  const preview = await e.stack.preview({});
  expect(preview.changeSummary).toEqual({ same: 2 });
  expect(await e.callsSinceMark()).toEqual([]);
});

test("destroy deletes the adopted template", async () => {
  const result = await e.stack.destroy({});
  expect(result.summary.resourceChanges).toEqual({ delete: 2 });
  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
});
