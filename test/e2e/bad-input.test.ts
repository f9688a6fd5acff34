import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { CASES, caseInputs, valid, type ResourceType } from "../fixtures/check-cases";
import {
  badInputProgram,
  baselineName,
  caseName,
  schemaVersionName,
  type Selection,
} from "./bad-input-program";
import {
  opsByName,
  PROJECT,
  recorder,
  startE2E,
  NO_RESOURCES,
  stateCounts,
  protonResources,
  TYPE_PREFIX,
  type E2E,
} from "./harness";

// Every case of the validation table (test/fixtures/check-cases.ts) through `pulumi preview` of the real
// CLI against proton-local: each is rejected at preview with a diagnostic on its own resource naming the
// type, the logical name, the property and the rule, and Proton is never called. The engine stops a
// preview at the first resource whose check fails (its step generation bails on an invalid resource), so
// one program holding every case would report only one of them: each case gets its own preview of the
// same stack instead.

const STACK = "bad-input";
let selection: Selection = "baselines";
let e: E2E;

beforeAll(async () => {
  e = await startE2E(
    STACK,
    badInputProgram(() => selection),
  );
  await e.mark();
}, 120_000);
afterAll(async () => {
  await e?.close();
});

const urnOf = (type: ResourceType, name: string) =>
  `urn:pulumi:${STACK}::${PROJECT}::${TYPE_PREFIX}${type}::${name}`;

async function preview() {
  const r = recorder();
  const error = await e.stack.preview({ color: "never", onEvent: r.onEvent, onOutput: r.onOutput }).then(
    () => undefined,
    (err: Error) => err,
  );
  const errors = r.run.events
    .map((ev) => ev.diagnosticEvent)
    .filter((d) => d?.severity === "error")
    .map((d) => ({ urn: d!.urn ?? "", message: d!.message }));
  return { ...r.run, error, errors };
}

test("the valid baseline of every type previews cleanly, with no call to Proton", async () => {
  const run = await preview();

  expect(run.error).toBeUndefined();
  expect(run.errors).toEqual([]);
  expect(opsByName(run)).toEqual({
    ...Object.fromEntries(Object.keys(valid).map((t) => [baselineName(t as ResourceType), ["create"]])),
    [schemaVersionName("env-vpc/v1")]: ["create"],
    [schemaVersionName("svc-web/v1")]: ["create"],
  });
  expect(await e.callsSinceMark()).toEqual([]);
});

const rejected: string[] = [];

test.each(CASES.map((c, i) => [caseName(i, c), i] as const))(
  "%s is rejected at preview, naming resource, property and rule",
  async (name, index) => {
    const [type, property, , rule] = CASES[index];
    selection = index;
    const run = await preview();

    expect(run.error).toBeInstanceOf(Error);
    expect(run.errors.length).toBeGreaterThan(0);
    // Every error is this case's resource's: none blames another resource or the program.
    expect(new Set(run.errors.map((d) => d.urn))).toEqual(new Set([urnOf(type, name)]));
    // A long value (a spec, a schema, a map) is not printed: the failure goes without its property and its
    // reason names the property instead.
    const resource = `${TYPE_PREFIX}${type} resource '${name}'`;
    const aboutProperty = run.errors
      .map((d) => d.message)
      .filter(
        (m) =>
          m.startsWith(`${resource}: property ${property} value `) ||
          (m.startsWith(`${resource} has a problem: `) && m.includes(`': ${property}`)),
      )
      .filter((m) => m.includes(` has a problem: ${type} '`));
    expect(aboutProperty.join("\n")).toMatch(rule);
    const value = caseInputs(CASES[index])[property];
    if (typeof value === "string" && value.includes("\n"))
      expect(run.errors.map((d) => d.message).join("\n")).not.toContain(value.trim());
    // The engine planned no step for the invalid resource, and no check reached Proton.
    expect(opsByName(run)[name]).toBeUndefined();
    expect(await e.callsSinceMark()).toEqual([]);
    rejected.push(name);
  },
);

test("a provider setting that breaks its rule fails the preview, naming the variable, the rule and the value", async () => {
  selection = "baselines";
  const env = (e.stack.workspace as LocalWorkspace).envVars;
  env.PULUMI_PROTON_POLL_SCHEDULE = "exponentail";
  try {
    const run = await preview();
    expect(run.error).toBeInstanceOf(Error);
    expect(run.errors.length).toBeGreaterThan(0);
    // On the resource checked first (the engine stops there), as a problem of the resource, not of a property.
    for (const d of run.errors) {
      expect(d.urn).toMatch(new RegExp(`^urn:pulumi:${STACK}::${PROJECT}::${TYPE_PREFIX}`));
      expect(d.message).toContain(" has a problem: ");
      expect(d.message).toContain(
        `': the environment variable PULUMI_PROTON_POLL_SCHEDULE must be "expected" or "exponential", got 'exponentail'`,
      );
    }
    expect(await e.callsSinceMark()).toEqual([]);
  } finally {
    delete env.PULUMI_PROTON_POLL_SCHEDULE;
  }
});

test("nothing was created: proton-local holds nothing and the stack no pulumi-proton resource", async () => {
  expect(await e.callsSinceMark()).toEqual([]);
  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
  const resources = (await e.exportState(false)).deployment.resources ?? [];
  expect(protonResources(resources)).toEqual([]);
  expect(rejected).toHaveLength(CASES.length);
  console.log(
    `bad input: ${rejected.length} of ${CASES.length} cases rejected at pulumi preview (one preview each), ` +
      `each on its own resource, with ${(await e.callsSinceMark()).length} calls to proton-local`,
  );
});
