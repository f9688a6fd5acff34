import { Stack } from "@pulumi/pulumi/automation";
import * as proton from "../../provider";
import { diagnostics, NO_RESOURCES, PROJECT, recorder, startE2E, stateCounts, type E2E } from "./harness";
import type { StackProgram } from "./harness";

// The same program run as a second stack in the same account: its creates find the first stack's templates
// under the names they ask for. Proton hands a name-keyed create its existing resource, so without the owner
// tag the second stack took them over silently, and its destroy deleted what the first stack still managed.

const program: StackProgram = () => {
  new proton.EnvironmentTemplate("vpc", { name: "two-stacks-vpc", displayName: "VPC" });
  new proton.ServiceTemplate("web", { name: "two-stacks-web", displayName: "Web" });
};

let e: E2E;
let second: Stack;
beforeAll(async () => {
  e = await startE2E("first", program);
  second = await Stack.create("second", e.stack.workspace);
  await second.setConfig("aws:region", { value: "us-east-1" });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

test("the first stack creates the templates", async () => {
  const result = await e.stack.up({});
  expect(result.summary.resourceChanges).toEqual({ create: 3 });
  expect(await stateCounts(e.control)).toMatchObject({ templates: 2 });
});

test("the second stack's up is refused at each template, naming the first stack's resource, and changes nothing", async () => {
  await e.mark();
  const r = recorder();
  const error = await second.up({ onEvent: r.onEvent, onOutput: r.onOutput }).catch((err: Error) => err);
  expect(error).toBeInstanceOf(Error);
  const errors = diagnostics(r.run, "error");
  expect(errors).toContain(
    `environment template 'two-stacks-vpc' already exists in Proton, created by the Pulumi resource ${PROJECT}/first/vpc`,
  );
  expect(errors).toContain(`created by the Pulumi resource ${PROJECT}/first/web`);
  expect((await e.callsSinceMark()).filter((c) => c.mutating)).toEqual([]);
  const exported = (await second.exportStack()).deployment as { resources?: { type: string }[] };
  expect((exported.resources ?? []).filter((res) => res.type.includes("proton"))).toEqual([]);
});

test("the second stack's destroy leaves the first stack's templates alone; the first stack's preview stays quiet", async () => {
  await second.destroy({});
  expect(await stateCounts(e.control)).toMatchObject({ templates: 2 });
  await e.mark();
  const preview = await e.stack.preview({});
  expect(preview.changeSummary).toEqual({ same: 3 });
  expect(await e.callsSinceMark()).toEqual([]);
});

test("the first stack destroys its own", async () => {
  await e.stack.destroy({});
  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
});
