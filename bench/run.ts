import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ProtonLocalControl, startProtonLocal, type CallRecord, type ProtonLocal } from "../emulator";
import { cliEnv, run } from "../test/e2e/cli";
import { timelineSvg, type Timeline } from "./chart";
import { asyncOperations, callFigures, waitedMs, type AsyncOperation, type CallFigures } from "./metrics";

// `npm run bench`: the reference stack (examples/platform) and a scale stack through the real Pulumi CLI
// against proton-local, with the provider's poll schedule and two baselines side by side. Prints a table,
// writes bench/out/results.json and bench/out/timeline.svg. Durations are parameters (BENCH_* below);
// BENCH_QUICK=1 runs a small, fast version to iterate with.

const REPO = resolve(__dirname, "..", "..");
const OUT = join(REPO, "bench", "out");
const quick = process.env.BENCH_QUICK === "1";
const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback) * 1000;

/** Which parts to run: BENCH_CASES=short,real,long,scale and BENCH_SCHEDULES=new,stated,sdk,fixed (default: all). */
const chosen = (variable: string, all: string[]): string[] => {
  const raw = process.env[variable]?.trim();
  if (!raw) return all;
  const picked = raw.split(",").map((x) => x.trim());
  const unknown = picked.filter((x) => !all.includes(x));
  if (unknown.length)
    throw new Error(`${variable}: unknown ${unknown.join(", ")}; choose from ${all.join(", ")}`);
  return picked;
};
const CASE_IDS = chosen("BENCH_CASES", ["short", "real", "long", "scale"]);
const SCHEDULE_IDS = chosen("BENCH_SCHEDULES", ["new", "stated", "sdk", "fixed"]);
/**
 * BENCH_ACCOUNTS=fresh,lived-in: the reference stack in an account with no deployments at all, and in one
 * where another stack already runs (the provider's schedule then expects what the account's deployments
 * took; the baselines ignore history, so they run in the fresh account only).
 */
const ACCOUNT_IDS = chosen("BENCH_ACCOUNTS", ["fresh", "lived-in"]);
type Account = "fresh" | "lived-in";

/** Proton durations of one case, in real (unscaled) ms, and how much faster proton-local runs them. */
interface Durations {
  /** The case's name in BENCH_CASES. */
  id: string;
  name: string;
  registrationMs: number;
  deploymentMs: number;
  deletionMs: number;
  /** proton-local runs every duration this many times faster, and the provider's schedule knows it. */
  timeScale: number;
  /** The schedules this case runs (default: every one chosen). */
  schedules?: string[];
}

const ALL_CASES: Durations[] = quick
  ? [
      {
        id: "short",
        name: "quick (30 s deployment, 10x faster)",
        registrationMs: 5000,
        deploymentMs: 30_000,
        deletionMs: 15_000,
        timeScale: 10,
      },
    ]
  : [
      {
        id: "short",
        name: "short (30 s deployment)",
        registrationMs: seconds("BENCH_SHORT_REGISTRATION", 5),
        deploymentMs: seconds("BENCH_SHORT_DEPLOYMENT", 30),
        deletionMs: seconds("BENCH_SHORT_DELETION", 15),
        // Run faster (BENCH_SHORT_SCALE=2), the same Proton durations check the conversion of a scaled
        // case's wall time against this case measured unscaled.
        timeScale: Number(process.env.BENCH_SHORT_SCALE ?? 1),
      },
      {
        id: "real",
        name: "realistic (6 min deployment, scaled)",
        registrationMs: seconds("BENCH_REAL_REGISTRATION", 10),
        deploymentMs: seconds("BENCH_REAL_DEPLOYMENT", 360),
        deletionMs: seconds("BENCH_REAL_DELETION", 240),
        timeScale: Number(process.env.BENCH_REAL_SCALE ?? 12),
      },
      {
        // The longest first deployment the targets cover. The baselines are left out: scaled 60 times,
        // 1 s polling would be 60 polls a second per resource, past the request budget, and the SDK's
        // 5 s → 120 s doubling is measured at the two other durations.
        id: "long",
        name: "long (30 min deployment, scaled)",
        registrationMs: seconds("BENCH_LONG_REGISTRATION", 10),
        deploymentMs: seconds("BENCH_LONG_DEPLOYMENT", 1800),
        deletionMs: seconds("BENCH_LONG_DELETION", 1200),
        timeScale: Number(process.env.BENCH_LONG_SCALE ?? 60),
        schedules: ["new", "stated"],
      },
    ];
const CASES = ALL_CASES.filter((d) => CASE_IDS.includes(d.id));

/**
 * The schedules compared: the provider's, the same with the case's deployment duration stated (what a user
 * who knows it sets in an empty account), the AWS SDK waiters' defaults, and 1 s fixed polling.
 */
const ALL_SCHEDULES: { id: string; name: string; env: (d: Durations) => Record<string, string> }[] = [
  { id: "new", name: "expected end (new)", env: () => ({}) },
  {
    id: "stated",
    name: "expected end, deployment stated",
    env: (d) => ({ PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS: String(d.deploymentMs / 1000) }),
  },
  {
    id: "sdk",
    name: "SDK waiter 5 s → 120 s",
    env: () => ({ PULUMI_PROTON_POLL_SCHEDULE: "exponential" }),
  },
  {
    id: "fixed",
    name: "1 s fixed",
    env: (d) => ({
      PULUMI_PROTON_POLL_SCHEDULE: "exponential",
      PULUMI_PROTON_POLL_MIN_SECONDS: String(1 / d.timeScale),
      PULUMI_PROTON_POLL_MAX_SECONDS: String(1 / d.timeScale),
    }),
  },
];
const SCHEDULES = ALL_SCHEDULES.filter((x) => SCHEDULE_IDS.includes(x.id));

interface Step {
  command: string;
  /** Mean of (poll that saw the work done − request) ÷ Proton's duration − 1, over the async operations. */
  overshoot: number;
  /** Wall time during which some async operation was under way (metrics.ts): what a time scale shortens. */
  waitedMs: number;
  wallMs: number;
  boundMs: number;
  figures: CallFigures;
  ops: AsyncOperation[];
  ok: boolean;
}

/** A project, its file backend and a proton-local, for a sequence of CLI commands. */
class Bench {
  readonly tmp = mkdtempSync(join(tmpdir(), "pulumi-proton-bench-"));
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly local: ProtonLocal,
    readonly binDir: string,
    main: string,
    extraEnv: Record<string, string>,
    /** Another project sharing the proton-local of the bench that owns it. */
    private readonly sharesLocal = false,
  ) {
    for (const d of ["state", "work", "home"]) mkdirSync(join(this.tmp, d));
    writeFileSync(
      join(this.tmp, "work", "Pulumi.yaml"),
      `name: proton-bench\nruntime: nodejs\nmain: ${main}\n`,
    );
    const env = cliEnv(binDir, local.endpoint, join(this.tmp, "state"), join(this.tmp, "home"));
    // The test harness polls every 20–100 ms; here the schedule under test decides.
    for (const k of Object.keys(env)) if (k.startsWith("PULUMI_PROTON_POLL_")) delete env[k];
    this.env = { ...env, ...extraEnv };
  }

  get control() {
    return new ProtonLocalControl(this.local.endpoint);
  }

  async pulumi(args: string[]): Promise<{ ok: boolean; wallMs: number; output: string; stdout: string }> {
    const started = Date.now();
    const r = await run(
      join(this.binDir, "pulumi"),
      [...args, "--non-interactive"],
      join(this.tmp, "work"),
      this.env,
    );
    const output = `${r.stdout}\n${r.stderr}`;
    if (r.code !== 0) console.error(`pulumi ${args.join(" ")} failed:\n${output.slice(-3000)}`);
    return { ok: r.code === 0, wallMs: Date.now() - started, output, stdout: r.stdout };
  }

  async init(config: Record<string, string>): Promise<void> {
    await this.pulumi(["stack", "init", "bench"]);
    for (const [k, v] of Object.entries({ "aws:region": "us-east-1", ...config }))
      await this.pulumi(["config", "set", k, v]);
  }

  /** Runs one command and measures it from proton-local's call log. */
  async step(
    command: string,
    args: string[],
    boundMs: number,
    protonMs: (op: AsyncOperation) => number,
  ): Promise<Step> {
    const { lastSeq } = await this.control.calls();
    const started = Date.now();
    const r = await this.pulumi(args);
    const calls: CallRecord[] = (await this.control.calls({ since: lastSeq })).calls;
    const ops = asyncOperations(calls, started);
    const over = ops
      .filter((o) => o.pollsMs.length)
      .map((o) => (o.pollsMs[o.pollsMs.length - 1] - o.startMs) / protonMs(o) - 1);
    const overshoot = over.length ? over.reduce((a, b) => a + b, 0) / over.length : 0;
    return {
      command,
      wallMs: r.wallMs,
      boundMs,
      overshoot,
      waitedMs: waitedMs(ops),
      figures: callFigures(calls),
      ops,
      ok: r.ok,
    };
  }

  /** `__provider` sizes and the checkpoint's size. */
  async stateSizes(): Promise<{
    providerMaxBytes: number;
    providerTotalBytes: number;
    checkpointBytes: number;
  }> {
    const r = await this.pulumi(["stack", "export"]);
    const state = JSON.parse(r.stdout) as {
      deployment: { resources?: { outputs?: { __provider?: string } }[] };
    };
    const sizes = (state.deployment.resources ?? []).map((res) => res.outputs?.__provider?.length ?? 0);
    const checkpoint = join(this.tmp, "state", ".pulumi", "stacks", "proton-bench", "bench.json");
    return {
      providerMaxBytes: Math.max(0, ...sizes),
      providerTotalBytes: sizes.reduce((a, b) => a + b, 0),
      checkpointBytes: existsSync(checkpoint) ? statSync(checkpoint).size : 0,
    };
  }

  async close(): Promise<void> {
    if (!this.sharesLocal) await this.local.close();
    rmSync(this.tmp, { recursive: true, force: true });
  }
}

const startLocal = (d: Durations) =>
  startProtonLocal({
    bundleRoot: join(REPO, "examples", "bundles"),
    durations: {
      registrationMs: d.registrationMs / d.timeScale,
      deploymentMs: d.deploymentMs / d.timeScale,
      deletionMs: d.deletionMs / d.timeScale,
      cancellationMs: 1000 / d.timeScale,
    },
  });

const scheduleEnv = (d: Durations, schedule: (typeof SCHEDULES)[number]) => ({
  ...schedule.env(d),
  ...(d.timeScale !== 1 ? { PULUMI_PROTON_POLL_TIME_SCALE: String(d.timeScale) } : {}),
});

/** How long an operation's Proton work took in proton-local (scaled ms). */
const protonMsOf = (d: Durations) => (op: AsyncOperation) =>
  (op.operation.startsWith("Delete")
    ? d.deletionMs
    : op.operation.includes("TemplateVersion")
      ? d.registrationMs
      : d.deploymentMs) / d.timeScale;

async function emptyProgramWall(binDir: string): Promise<number> {
  const local = await startProtonLocal({});
  const bench = new Bench(local, binDir, join(REPO, "bench", "programs", "empty.js"), {});
  try {
    await bench.init({});
    const walls: number[] = [];
    for (let i = 0; i < (quick ? 1 : 2); i++) walls.push((await bench.pulumi(["up", "--yes"])).wallMs);
    return Math.min(...walls);
  } finally {
    await bench.close();
  }
}

interface ReferenceResult {
  case: string;
  schedule: string;
  account: Account;
  timeScale: number;
  steps: Step[];
  sizes: Awaited<ReturnType<Bench["stateSizes"]>>;
}

/**
 * Another stack already running in the account: one environment and one service (bench/programs/scale.js
 * with a count of 1, names apart from the reference stack's), deployed with the same durations.
 */
async function neighbourStack(local: ProtonLocal, binDir: string, env: Record<string, string>) {
  const neighbour = new Bench(local, binDir, join(REPO, "bench", "programs", "scale.js"), env, true);
  try {
    await neighbour.init({ "bench:count": "1" });
    const r = await neighbour.pulumi(["up", "--yes"]);
    if (!r.ok) throw new Error("the neighbour stack failed to deploy");
  } finally {
    await neighbour.close();
  }
}

async function referenceStack(
  binDir: string,
  d: Durations,
  schedule: (typeof SCHEDULES)[number],
  account: Account,
): Promise<ReferenceResult> {
  const local = await startLocal(d);
  if (account === "lived-in") await neighbourStack(local, binDir, scheduleEnv(d, schedule));
  const bench = new Bench(
    local,
    binDir,
    join(REPO, "examples", "platform", "main.js"),
    scheduleEnv(d, schedule),
  );
  const s = d.timeScale;
  try {
    await bench.init({ "demo:webPort": "8080" });
    const protonMs = protonMsOf(d);
    const steps: Step[] = [];
    // Critical paths: registration → environments → service; one instance deployment; service → environments deletion.
    steps.push(
      await bench.step("up", ["up", "--yes"], (d.registrationMs + 2 * d.deploymentMs) / s, protonMs),
    );
    steps.push(await bench.step("preview (no-op)", ["preview"], 0, protonMs));
    const sizes = await bench.stateSizes();
    await bench.pulumi(["config", "set", "demo:webPort", "8081"]);
    steps.push(await bench.step("update", ["up", "--yes"], d.deploymentMs / s, protonMs));
    steps.push(await bench.step("destroy", ["destroy", "--yes"], (2 * d.deletionMs) / s, protonMs));
    return { case: d.name, schedule: schedule.name, account, timeScale: s, steps, sizes };
  } finally {
    await bench.close();
  }
}

/** How a scale run treats the provider: Proton's pace, injected throttling, and rate limits. */
interface ScaleConditions {
  timeScale: number;
  /** Share of calls proton-local throttles at random. */
  throttled: number;
  /** proton-local's rate limit per operation (calls/s). */
  tps: number;
  /** Extra environment for the CLI and the provider. */
  env?: Record<string, string>;
}

async function scaleRun(binDir: string, count: number, c: ScaleConditions) {
  const d: Durations = {
    id: "scale",
    name: `scale (${count} environments + ${count} services)`,
    registrationMs: 5000,
    deploymentMs: 30_000,
    deletionMs: 15_000,
    timeScale: c.timeScale,
  };
  const local = await startLocal(d);
  const bench = new Bench(local, binDir, join(REPO, "bench", "programs", "scale.js"), {
    ...scheduleEnv(d, ALL_SCHEDULES[0]),
    ...c.env,
  });
  const control = bench.control;
  try {
    await bench.init({ "bench:count": String(count) });
    if (c.throttled > 0) await control.addFault({ kind: "throttle", probability: c.throttled });
    await control.addLimit({ operation: "*", tps: c.tps });
    const parallel = process.env.BENCH_PARALLEL ?? "256";
    const s = d.timeScale;
    const up = await bench.step(
      "up",
      ["up", "--yes", "--parallel", parallel],
      (d.registrationMs + 2 * d.deploymentMs) / s,
      protonMsOf(d),
    );
    const { state } = await control.state();
    const deployed =
      Object.values(state.environments).filter((e) => e.deploymentStatus === "SUCCEEDED").length +
      Object.values(state.services).filter((v) => v.status === "ACTIVE").length;
    const destroy = await bench.step(
      "destroy",
      ["destroy", "--yes", "--parallel", parallel],
      (2 * d.deletionMs) / s,
      protonMsOf(d),
    );
    const left = (await control.state()).state;
    return {
      case: d.name,
      timeScale: s,
      rateWaveMs: rateWaveMs(count, c),
      throttling: `${Math.round(c.throttled * 100)} % of calls at random, and ${c.tps} calls/s per operation`,
      parallel,
      failures: {
        up: 2 * count - deployed,
        destroy: Object.keys(left.environments).length + Object.keys(left.services).length,
      },
      steps: [up, destroy],
      protonMs: protonMsOf(d),
    };
  } finally {
    await bench.close();
  }
}

/**
 * What Proton's rate limit adds to the scale case's bound: a wave of `count` creates (or deletes) of one
 * operation, each sent again while throttled at random, needs count ÷ (1 − throttled) calls, which the
 * limit lets through at `tps` a second. `up` pays one wave: each service follows its environment, so the
 * services' wave runs behind the environments' as they finish; likewise `destroy`, environments behind
 * their services. (The engine deletes in two waves, the second after the first has ended: that part is the
 * CLI's, as the floor is.)
 */
function rateWaveMs(count: number, c: ScaleConditions): number {
  return (count / (c.tps * (1 - c.throttled))) * 1000;
}

/**
 * The scale case, and its floor: the same stack with Proton answering 1,000 times faster, nothing throttled
 * and no rate limits (on either side), which is what 200 resources cost the CLI and the provider alone,
 * as the empty program is for the reference stack.
 */
async function scaleStack(binDir: string) {
  const count = Number(process.env.BENCH_SCALE_COUNT ?? (quick ? 10 : 100));
  const unlimited = { PULUMI_PROTON_READS_PER_SECOND: "1000", PULUMI_PROTON_WRITES_PER_SECOND: "1000" };
  const floor = await scaleRun(binDir, count, {
    timeScale: 1000,
    throttled: 0,
    tps: 100_000,
    env: unlimited,
  });
  const measured = await scaleRun(binDir, count, {
    timeScale: Number(process.env.BENCH_SCALE_TIME_SCALE ?? 3),
    throttled: Number(process.env.BENCH_SCALE_THROTTLE ?? 0.3),
    tps: Number(process.env.BENCH_SCALE_TPS ?? 10),
  });
  return { ...measured, floorMs: { up: floor.steps[0].wallMs, destroy: floor.steps[1].wallMs } };
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i])).join(" | ");
}

/** Where the figures were measured: cores, load before and after, Node and the Pulumi CLI. */
interface Machine {
  cores: number;
  cpu: string;
  loadAtStart: number[];
  loadAtEnd?: number[];
  node: string;
  pulumiCli: string;
}

const loads = () => loadavg().map((l) => Number(l.toFixed(2)));
const describeMachine = (m: Machine) =>
  `${m.cores} × ${m.cpu}; load average (1, 5, 15 min) ${m.loadAtStart.join(" ")} at start` +
  `${m.loadAtEnd ? `, ${m.loadAtEnd.join(" ")} at end` : ""}; Node ${m.node}; Pulumi CLI ${m.pulumiCli}`;

async function main(): Promise<void> {
  const out = execFileSync(join(REPO, "scripts", "ensure-pulumi"), { encoding: "utf8" });
  const binDir = out.trim().split("\n").pop() ?? "";
  mkdirSync(OUT, { recursive: true });
  const machine: Machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "cpu",
    loadAtStart: loads(),
    node: process.version,
    pulumiCli: execFileSync(join(binDir, "pulumi"), ["version"], { encoding: "utf8" }).trim(),
  };
  const parts = `cases ${CASE_IDS.join(",")}; schedules ${SCHEDULE_IDS.join(",")}`;
  console.log(`pulumi-proton bench${quick ? " (quick)" : ""} (${parts}) on ${describeMachine(machine)}`);

  const emptyMs = CASES.length ? await emptyProgramWall(binDir) : NaN;
  if (CASES.length) console.log(`empty program \`pulumi up\`: ${fmt(emptyMs / 1000, 1)} s`);

  const reference: ReferenceResult[] = [];
  const timelines: Timeline[] = [];
  const runs = CASES.flatMap((d) =>
    SCHEDULES.filter((x) => !d.schedules || d.schedules.includes(x.id)).flatMap((schedule) =>
      ACCOUNT_IDS.filter((a) => schedule.id === "new" || a === "fresh").map((account) => ({
        d,
        schedule,
        account: account as Account,
      })),
    ),
  );
  for (const { d, schedule, account } of runs) {
    console.log(`\n${d.name} · ${schedule.name} · ${account} account`);
    const r = await referenceStack(binDir, d, schedule, account);
    reference.push(r);
    if (schedule.id === "new" || schedule.id === "sdk")
      for (const step of r.steps.filter((x) => x.command === "up" || x.command === "destroy"))
        timelines.push({
          title: `${step.command} · ${d.name} · ${schedule.name} · ${account} account`,
          ops: step.ops,
          protonMs: protonMsOf(d),
          boundMs: step.boundMs,
          wallMs: step.wallMs,
        });
  }

  let scale: Awaited<ReturnType<typeof scaleStack>> | undefined;
  if (CASE_IDS.includes("scale")) {
    console.log(`\nscale case`);
    scale = await scaleStack(binDir);
    for (const step of scale.steps)
      timelines.push({
        title: `${step.command} · ${scale.case}`,
        ops: step.ops,
        protonMs: scale.protonMs,
        boundMs: step.boundMs,
        wallMs: step.wallMs,
      });
  }
  machine.loadAtEnd = loads();

  // The table. "÷ (b+empty)": wall ÷ (bound + empty-program wall), the target being ≤ 1.10. For a scaled case
  // it is converted to real time: the time some async operation was under way, polls included, runs `scale`
  // times longer; the rest of the wall time (the CLI's and the provider's own work) does not.
  const widths = [38, 24, 9, 16, 7, 8, 8, 11, 10, 10, 6, 9];
  const lines = [
    row(
      [
        "case",
        "schedule",
        "account",
        "command",
        "wall s",
        "bound s",
        "÷ bound",
        "÷ (b+empty)",
        "overshoot",
        "polls/op",
        "calls",
        "throttled",
      ],
      widths,
    ),
  ];
  for (const r of reference)
    for (const st of r.steps) {
      const k = r.timeScale;
      const equivalent = st.boundMs ? (st.wallMs + (k - 1) * st.waitedMs) / (st.boundMs * k + emptyMs) : NaN;
      lines.push(
        row(
          [
            r.case,
            r.schedule,
            r.account,
            st.command + (st.ok ? "" : " FAILED"),
            fmt(st.wallMs / 1000, 1),
            fmt(st.boundMs / 1000, 1),
            st.boundMs ? fmt(st.wallMs / st.boundMs) : "—",
            fmt(equivalent),
            `${fmt(st.overshoot * 100, 0)} %`,
            `${fmt(st.figures.pollsMean, 1)} / ${st.figures.pollsMax}`,
            String(st.figures.calls),
            String(st.figures.throttled),
          ],
          widths,
        ),
      );
    }
  // The scale case's "÷ (b+empty)" is wall ÷ (bound + the floor's wall for the same command).
  const floorOf = (command: string) => (command === "up" ? scale!.floorMs.up : scale!.floorMs.destroy);
  for (const st of scale?.steps ?? [])
    lines.push(
      row(
        [
          scale!.case,
          "expected end (new)",
          "fresh",
          st.command,
          fmt(st.wallMs / 1000, 1),
          fmt(st.boundMs / 1000, 1),
          fmt(st.wallMs / st.boundMs),
          fmt(st.wallMs / (st.boundMs + floorOf(st.command))),
          `${fmt(st.overshoot * 100, 0)} %`,
          `${fmt(st.figures.pollsMean, 1)} / ${st.figures.pollsMax}`,
          String(st.figures.calls),
          String(st.figures.throttled),
        ],
        widths,
      ),
    );
  console.log(`\nmeasured on ${describeMachine(machine)}`);
  if (CASES.length) console.log(`empty program \`pulumi up\`: ${fmt(emptyMs / 1000, 1)} s`);
  console.log(`\n${lines.join("\n")}`);
  if (scale)
    console.log(
      `\nscale failures: up ${scale.failures.up}, destroy ${scale.failures.destroy} (${scale.throttling}; --parallel ${scale.parallel})` +
        `\nscale floor (the same stack, Proton 1,000× faster, no throttling or rate limits; its "÷ (b+empty)" is ` +
        `wall ÷ (bound + floor)): up ${fmt(scale.floorMs.up / 1000, 1)} s, destroy ${fmt(scale.floorMs.destroy / 1000, 1)} s` +
        `\nscale bound with Proton's rate limit (bound + one wave of ${fmt(scale.rateWaveMs / 1000, 1)} s): ` +
        scale.steps
          .map((st) => {
            const bound = st.boundMs + scale.rateWaveMs;
            const ratio = (b: number) => fmt(st.wallMs / (b + floorOf(st.command)));
            const waves =
              st.command === "destroy"
                ? ` (${ratio(bound + scale.rateWaveMs)} with the engine's second wave)`
                : "";
            return `${st.command} ${fmt(bound / 1000, 1)} s, wall ÷ (it + floor) ${ratio(bound)}${waves}`;
          })
          .join("; "),
    );
  for (const r of reference.filter((x) => x.steps.length))
    console.log(
      `${r.case} · ${r.schedule} · ${r.account}: __provider ${r.sizes.providerMaxBytes} B max, ${r.sizes.providerTotalBytes} B per stack; checkpoint ${r.sizes.checkpointBytes} B; ` +
        `up calls: ${Object.entries(r.steps[0].figures.byOperation)
          .map(([op, n]) => `${op} ${n}`)
          .join(", ")}`,
    );

  const results = {
    at: new Date().toISOString(),
    machine,
    cases: CASE_IDS,
    schedules: SCHEDULE_IDS,
    accounts: ACCOUNT_IDS,
    quick,
    emptyProgramMs: emptyMs,
    reference: reference.map((r) => ({
      ...r,
      steps: r.steps.map(({ ops, ...rest }) => ({ ...rest, asyncOps: ops })),
    })),
    scale: scale && { ...scale, protonMs: undefined },
  };
  // A run of only some parts writes its own files, so a split run keeps every part's figures.
  const chosenParts = (
    [
      ["BENCH_CASES", CASE_IDS],
      ["BENCH_SCHEDULES", SCHEDULE_IDS],
      ["BENCH_ACCOUNTS", ACCOUNT_IDS],
    ] as const
  )
    .filter(([variable]) => process.env[variable]?.trim())
    .flatMap(([, ids]) => ids);
  // A case run at other durations or speed than its defaults names them too (BENCH_LONG_REGISTRATION=5:
  // "long-registration5"), so it does not overwrite the run at the defaults.
  const overrides = Object.keys(process.env)
    .filter((k) => /^BENCH_(SHORT|REAL|LONG)_/.test(k) && process.env[k]?.trim())
    .sort()
    .map((k) => `${k.slice("BENCH_".length).toLowerCase().replace(/_/g, "-")}${process.env[k]!.trim()}`);
  const named = [...chosenParts, ...overrides];
  const suffix = named.length ? `-${named.join("-")}` : "";
  const json = join(OUT, `results${suffix}.json`);
  const svg = join(OUT, `timeline${suffix}.svg`);
  writeFileSync(json, JSON.stringify(results, null, 2));
  writeFileSync(svg, timelineSvg(timelines));
  console.log(`\nwrote ${json} and ${svg}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
