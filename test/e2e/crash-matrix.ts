import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ProtonLocalControl, startProtonLocal, type CallRecord, type ProtonLocal } from "../../emulator";
import { cliEnv, killTree, ok, run, start } from "./cli";
import { candidatePoints, describePoint, pickPoints, pointMatcher, type KillPoint } from "./crash-points";
import {
  assertBuilt,
  countsOf,
  deploymentOf,
  inventory,
  NO_RESOURCES,
  protonResources,
  pulumiRoot,
  stateCounts,
} from "./harness";
import { checkpointPath, repairCheckpoint } from "./state-files";

// The crash matrix: `pulumi up` of an example program is SIGKILLed — with its whole process tree — at
// seeded points of its run: as a create, update or accept call arrives (it never runs), after it ran (its
// answer is lost), and mid-way through waits. After each kill the stack is recovered as the Pulumi docs
// tell users to (`pulumi cancel`, `pulumi refresh --clear-pending-creates`, `pulumi up`) and proton-local
// must hold exactly the declared resources, once each, with `preview` quiet afterwards.
//
// The default set is every resource type's create (before and after), every other mutating operation's
// first call and one point mid-way through each wait. CRASH_POINTS adds seeded points up to that many and
// CRASH_SEED seeds them: the other calls, and kills a few milliseconds after a call's answer (whatever the
// run is doing then); `npm run crash-matrix` runs a larger set. Each program has its own test file (they
// run in parallel), each with its own proton-local.

export interface CrashProgram {
  /** The program's main.js. */
  program: string;
  /** proton-local's --bundle-root for it. */
  bundleRoot: string;
  /** proton-local's record counts after a clean `up` (kinds left out: none). */
  expected: Partial<ReturnType<typeof countsOf>>;
  /** The pulumi-proton resources the program declares. */
  resources: number;
  /** Every Create* operation of a clean `up`: each is a kill point before and after it runs. */
  creates: string[];
}

const COUNT = Number(process.env.CRASH_POINTS ?? 0);
const SEED = Number(process.env.CRASH_SEED ?? 1);

const made = (c: ReturnType<typeof countsOf>) =>
  Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");

/** Registers the matrix's set-up, tests and report for one program. */
export function crashMatrix(subject: CrashProgram): void {
  let local: ProtonLocal;
  let control: ProtonLocalControl;
  let tmp: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let points: KillPoint[] = [];
  let calibrated: Awaited<ReturnType<typeof inventory>>;
  const report: Record<string, unknown>[] = [];

  const pulumi = (...args: string[]) => ok("pulumi", [...args, "--non-interactive"], project, env);
  const lastSeq = async () => (await control.calls()).lastSeq;
  const callsSince = async (since: number) => (await control.calls({ since })).calls;
  const mutating = (calls: CallRecord[]) => calls.filter((c) => c.mutating && c.status === 200);

  beforeAll(async () => {
    assertBuilt();
    const bin = join(pulumiRoot(), "bin");
    tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-crash-"));
    project = join(tmp, "project");
    mkdirSync(project);
    mkdirSync(join(tmp, "state"));
    writeFileSync(
      join(project, "Pulumi.yaml"),
      `name: proton-crash\nruntime: nodejs\nmain: ${subject.program}\n`,
    );
    local = await startProtonLocal({
      bundleRoot: subject.bundleRoot,
      durations: { registrationMs: 150, deploymentMs: 150, deletionMs: 150, cancellationMs: 150 },
    });
    control = new ProtonLocalControl(local.endpoint);
    env = cliEnv(bin, local.endpoint, join(tmp, "state"), join(tmp, "home"));

    // A clean run tells which calls `up` makes; the kill points are picked among them.
    await pulumi("stack", "init", "calibration");
    const since = await lastSeq();
    await pulumi("up", "--yes", "--skip-preview");
    calibrated = await inventory(control);
    points = pickPoints(candidatePoints(await callsSince(since)), COUNT, SEED);
    await pulumi("stack", "rm", "--yes", "--force", "calibration");
  }, 600_000);

  afterAll(async () => {
    if (report.length) {
      console.log(
        `crash matrix of ${subject.program} (seed ${SEED}): ${report.filter((r) => !r.failed).length} of ${points.length} kill points survived`,
      );
      console.table(report);
    }
    local?.intercept();
    await local?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test("the calibration run deploys the declared platform", () => {
    expect(countsOf(calibrated)).toEqual({ ...NO_RESOURCES, ...subject.expected });
    expect(points.length).toBeGreaterThanOrEqual(Math.max(COUNT, 20));
    // Every resource type's create is a kill point, before and after it runs.
    const creates = (phase: string) =>
      [
        ...new Set(
          points.filter((p) => p.operation.startsWith("Create") && p.phase === phase).map((p) => p.operation),
        ),
      ].sort();
    expect(creates("received")).toEqual([...subject.creates].sort());
    expect(creates("handled")).toEqual([...subject.creates].sort());
  });

  /** One kill point: kill `pulumi up` there, recover, check; returns the report row. */
  async function survive(point: KillPoint, stack: string): Promise<Record<string, unknown>> {
    await control.reset();
    await pulumi("stack", "init", stack);

    // 1. `pulumi up`, killed with its process tree at the point.
    const up = start("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], project, env);
    const matches = pointMatcher(point);
    let killed = false;
    local.intercept(({ phase, operation, input }) => {
      if (killed || !matches(phase, operation, input)) return;
      killed = true;
      if (point.delayMs === undefined) {
        killTree(up.child);
        return "drop";
      }
      setTimeout(() => killTree(up.child), point.delayMs);
    });
    const interrupted = await up.result;
    local.intercept();
    if (!killed) throw new Error("the run never reached the point");
    if (interrupted.signal !== "SIGKILL")
      throw new Error(`the run ended (exit ${interrupted.code}) before the kill`);
    const atKill = await stateCounts(control);

    // 2. Recover as the CLI's own messages say: `pulumi cancel` removes the dead run's lock, `pulumi refresh
    //    --clear-pending-creates` drops the operations it left pending, then `pulumi up`. A kill while the
    //    file backend was saving can leave the checkpoint unreadable; `repairCheckpoint` says why and fixes it.
    const steps = ["cancel"];
    const cancel = await run("pulumi", ["cancel", "--yes", "--non-interactive"], project, env);
    if (cancel.code !== 0) {
      if (!/failed to load checkpoint/.test(cancel.stderr))
        throw new Error(`pulumi cancel: ${cancel.stderr}`);
      steps.push(repairCheckpoint(checkpointPath(join(tmp, "state"), "proton-crash", stack)), "cancel");
      await pulumi("cancel", "--yes");
    }
    const pending = deploymentOf(await pulumi("stack", "export")).pending_operations ?? [];
    const refreshFrom = await lastSeq();
    await pulumi("refresh", "--yes", "--skip-preview", "--clear-pending-creates");
    const upFrom = await lastSeq();
    await pulumi("up", "--yes", "--skip-preview");
    steps.push("refresh --clear-pending-creates", "up");
    const recovery = await callsSince(upFrom);

    // 3. Exactly the declared resources, each once, as the clean run left them, and a clean state.
    expect(await inventory(control)).toEqual(calibrated);
    const after = deploymentOf(await pulumi("stack", "export"));
    expect(after.pending_operations ?? []).toEqual([]);
    const ours = protonResources(after.resources);
    expect(ours).toHaveLength(subject.resources);

    // 4. A following preview changes nothing and calls nothing that mutates.
    const previewFrom = await lastSeq();
    await pulumi("preview", "--expect-no-changes");
    expect(mutating(await callsSince(previewFrom))).toEqual([]);
    await pulumi("stack", "rm", "--yes", "--force", stack);

    return {
      "kill point": describePoint(point),
      "in Proton at kill": made(atKill) || "nothing",
      recovery: steps.join(", "),
      "pending ops": pending.length,
      "refresh calls": upFrom - refreshFrom,
      "up: create calls": mutating(recovery).filter((c) => c.operation.startsWith("Create")).length,
      "up: all calls": recovery.length,
    };
  }

  test("every kill point: SIGKILL, recover as a user would, end with exactly the declared resources", async () => {
    const failures: string[] = [];
    for (const [index, point] of points.entries()) {
      try {
        report.push(await survive(point, `crash-${index}`));
      } catch (e) {
        failures.push(`${describePoint(point)}: ${(e as Error).message}`);
        report.push({ "kill point": describePoint(point), failed: (e as Error).message.split("\n")[0] });
      }
    }
    expect(failures).toEqual([]);
  }, 3_600_000);
}
