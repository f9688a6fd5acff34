import * as proton from "../../provider";
import {
  BUCKET,
  ENV_BUNDLE_DIR,
  inventory,
  nameOf,
  NO_RESOURCES,
  recorder,
  stateCounts,
  type E2E,
} from "./harness";
import type { StackProgram } from "./harness";
import { startE2E } from "./harness";
import { failing, failedSteps, resourceErrors } from "./small-stack";

// Several versions of one template, in every shape a program can give them, through the real CLI. Proton
// deletes a major's recommended minor last (and the template's recommended version last of all), while
// Pulumi deletes a version given its major by another version's output first. Versions given
// `template:` are deleted with their template (Pulumi's deletedWith), whose delete removes them in the
// order Proton allows; a removal Proton forbids fails at once, saying why and what to do.

/** How a version names its major: none (a new major), another version's output, or a literal. */
type MajorOf = { after?: string } & ({ chainedTo: string } | { literal: string } | { newMajor: true });

interface VersionsModel {
  /** `template: <resource>` (deleted with it) or `templateName: template.name`. */
  viaTemplate: boolean;
  /** Logical name -> how it gets its major, in creation order. */
  versions: Record<string, MajorOf>;
}

const model: VersionsModel = { viaTemplate: true, versions: {} };

const program: StackProgram = () => {
  const template = new proton.EnvironmentTemplate("vpc", { name: "vpc" });
  const made: Record<string, proton.EnvironmentTemplateVersion> = {};
  for (const [name, of] of Object.entries(model.versions)) {
    const majorVersion =
      "chainedTo" in of ? made[of.chainedTo].majorVersion : "literal" in of ? of.literal : undefined;
    const common = {
      majorVersion,
      source: { s3: { bucket: BUCKET, key: "env-vpc/v1" } },
      bundleDir: ENV_BUNDLE_DIR,
    };
    const opts = of.after ? { dependsOn: [made[of.after]] } : {};
    made[name] = new proton.EnvironmentTemplateVersion(
      name,
      model.viaTemplate ? { template, ...common } : { templateName: template.name, ...common },
      opts,
    );
  }
  return Object.fromEntries(Object.entries(made).map(([name, v]) => [name, v.version]));
};

/** The versions proton-local holds, as "vpc:1.0 PUBLISHED". */
const versionsHeld = async (e: E2E) => (await inventory(e.control)).versions;

/** The delete calls proton-local answered since the last mark, as "vpc:1.1". */
const deleteCalls = async (e: E2E) =>
  (await e.callsSinceMark())
    .filter((c) => c.operation === "DeleteEnvironmentTemplateVersion")
    .map((c) => `${c.target?.templateName}:${c.target?.majorVersion}.${c.target?.minorVersion}`);

const up = async (e: E2E) => {
  const r = recorder();
  const result = await e.stack.up({ onEvent: r.onEvent, onOutput: r.onOutput });
  return { result, run: r.run };
};

describe("versions given template: (deleted with it)", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E("versions-via-template", program);
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  test("two majors of two minors each, minors chained to their major by output, go up", async () => {
    model.viaTemplate = true;
    model.versions = {
      v10: { newMajor: true },
      v11: { chainedTo: "v10" },
      v20: { newMajor: true, after: "v11" },
      v21: { chainedTo: "v20" },
    };
    const { result } = await up(e);
    expect(result.outputs.v21.value).toBe("2.1");
    expect(await versionsHeld(e)).toEqual([
      "vpc:1.0 PUBLISHED",
      "vpc:1.1 PUBLISHED",
      "vpc:2.0 PUBLISHED",
      "vpc:2.1 PUBLISHED",
    ]);
  });

  test("removing only a major's newest (recommended) minor fails at once, saying why and what to do", async () => {
    model.versions = {
      v10: { newMajor: true },
      v11: { chainedTo: "v10" },
      v20: { newMajor: true, after: "v11" },
    };
    await e.mark();
    const { error, run } = await failing(e, "up");
    const reason =
      "environment template version 'vpc:2.1': Proton refuses to delete vpc:2.1 while 2.0 exists: " +
      "it is the recommended minor version of major 2, which Proton deletes last.";
    expect(error.message).toContain(reason);
    expect(resourceErrors(run, "v21")).toContain("To remove only 2.1, first add a newer minor version");
    expect(failedSteps(run)).toEqual(["v21"]);
    // Printed once, on its resource: not echoed on the Stack by the provider host, with no stack frames.
    const mentions = run.events
      .map((ev) => ev.diagnosticEvent)
      .filter((d) => d?.message.includes("Proton refuses to delete"));
    expect(mentions.map((d) => `${d!.severity} ${nameOf(d!.urn ?? "(stack)")}`)).toEqual(["error v21"]);
    expect(run.stdout).not.toMatch(/^\s+at .*:\d+/m);
    // One refused call, and one more after a poll to see whether the versions in the way were going away.
    expect(await deleteCalls(e)).toEqual(["vpc:2.1", "vpc:2.1"]);
    expect(await versionsHeld(e)).toHaveLength(4);
  });

  test("the fix it names works: a newer minor first, then the old recommended one goes", async () => {
    model.versions = {
      v10: { newMajor: true },
      v11: { chainedTo: "v10" },
      v20: { newMajor: true, after: "v11" },
      v22: { chainedTo: "v20" },
    };
    await e.mark();
    await up(e);
    expect(await deleteCalls(e)).toEqual(["vpc:2.1"]);
    expect(await versionsHeld(e)).toEqual([
      "vpc:1.0 PUBLISHED",
      "vpc:1.1 PUBLISHED",
      "vpc:2.0 PUBLISHED",
      "vpc:2.2 PUBLISHED",
    ]);
  });

  test("removing an older minor (the newer one now gives its major as a literal) deletes just that one", async () => {
    model.versions = {
      v11: { literal: "1" },
      v20: { newMajor: true },
      v22: { chainedTo: "v20" },
    };
    await e.mark();
    const { run } = await up(e);
    expect(failedSteps(run)).toEqual([]);
    expect(await deleteCalls(e)).toEqual(["vpc:1.0"]);
    expect(await versionsHeld(e)).toEqual(["vpc:1.1 PUBLISHED", "vpc:2.0 PUBLISHED", "vpc:2.2 PUBLISHED"]);
  });

  test("destroy deletes every version with the template, in the order Proton allows", async () => {
    await e.mark();
    const result = await e.stack.destroy({});
    expect(result.summary.resourceChanges).toEqual({ delete: 5 });
    // Each major's recommended minor last, the template's recommended major last of all.
    expect(await deleteCalls(e)).toEqual(["vpc:1.1", "vpc:2.0", "vpc:2.2"]);
    expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
  });
});

describe("versions given templateName", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E("versions-via-name", program);
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  // A literal major needs the first version to exist: dependsOn orders it after, as chaining does.
  test.each([
    ["a literal major (dependsOn the first version)", { literal: "1", after: "v10" }],
    ["a major chained by output", { chainedTo: "v10" }],
  ] as [string, MajorOf][])(
    "%s: destroy fails at once, pointing at `template:`; with it, destroy converges",
    async (_shape, v11) => {
      model.viaTemplate = false;
      model.versions = { v10: { newMajor: true }, v11 };
      await up(e);
      expect(await versionsHeld(e)).toEqual(["vpc:1.0 PUBLISHED", "vpc:1.1 PUBLISHED"]);
      await e.mark();
      const { error, run } = await failing(e, "destroy");
      expect(error.message).toContain(
        "Proton refuses to delete vpc:1.1 while 1.0 exists: it is the recommended minor version of major 1",
      );
      expect(resourceErrors(run, "v11")).toContain(
        "give its versions `template: <the template resource>` instead of `templateName`",
      );
      expect(await deleteCalls(e)).toEqual(["vpc:1.1", "vpc:1.1"]);

      model.viaTemplate = true;
      const { result } = await up(e);
      expect(result.summary.resourceChanges).toEqual({ same: 4 });
      await e.mark();
      await e.stack.destroy({});
      expect(await deleteCalls(e)).toEqual(["vpc:1.0", "vpc:1.1"]);
      expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
    },
  );
});

describe("`pulumi up --replace` of a version with nothing changed", () => {
  let e: E2E;
  beforeAll(async () => {
    e = await startE2E("versions-replaced", program);
  }, 120_000);
  afterAll(async () => {
    await e?.close();
  });

  // The engine checks a --replace target without its old inputs and skips its diff, creates the
  // replacement, then deletes the old one. Proton answers the repeated client token with the version it
  // made: the engine's delete then deleted the only version. Now it finds it is the replacement's answer.
  test("is answered with the version itself, which stays, and says so", async () => {
    model.viaTemplate = true;
    model.versions = { v1: { newMajor: true } };
    await up(e);
    const project = (await e.stack.workspace.projectSettings()).name;
    const urn = `urn:pulumi:${e.stack.name}::${project}::pulumi-nodejs:dynamic/proton:EnvironmentTemplateVersion::v1`;
    const r = recorder();
    const result = await e.stack.up({ replace: [urn], onEvent: r.onEvent, onOutput: r.onOutput });
    expect(result.outputs.v1.value).toBe("1.0");
    expect(await versionsHeld(e)).toEqual(["vpc:1.0 PUBLISHED"]);
    expect(r.run.stdout).toContain("its replacement is this same resource");
    const preview = await e.stack.preview();
    expect(preview.changeSummary).toEqual({ same: 3 });
  });
});
