import { ACCOUNT_KEYS, type AccountDurations } from "./account-history";
import type { Expectation } from "./poll-schedule";

// How long an asynchronous Proton operation is expected to take, in order of trust: this resource's own last
// run of it (kept in its outputs), a resource of the same type that finished the same operation in this
// provider process (one process serves the stack), this resource's other operations (a delete expected from
// what its create took), what the account's recent deployments of the same kind took (ListDeployments),
// work of the same kind in this process (deployments teach deployments), what the user says a deployment
// takes, and last Proton's typical duration scaled by whatever this process has seen.

/** An expectation and where its duration comes from, in words for progress lines ("its last create"). */
export type Explained = Expectation & { basis: string };

/** Typical durations of Proton's asynchronous work (template registration, CloudFormation-backed deployments). */
export const TYPICAL_MS: Readonly<Record<string, number>> = {
  "EnvironmentTemplateVersion:create": 10_000,
  "ServiceTemplateVersion:create": 10_000,
  "Environment:create": 4 * 60_000,
  "Environment:update": 3 * 60_000,
  "Environment:delete": 3 * 60_000,
  "Service:create": 6 * 60_000,
  "Service:update": 5 * 60_000,
  "Service:delete": 4 * 60_000,
};

/** The most a first deployment's bare prior is shortened by registrations faster than typical. */
const MOST_SHORTENED_PRIOR = 0.75;

/** Registrations and deployments run on different machinery: each kind's speed says little about the other. */
const kindOf = (key: string) => (key.includes("TemplateVersion:") ? "registration" : "deployment");

/** A create or update that deploys infrastructure (not a registration, not a deletion). */
const isDeploying = (key: string) => kindOf(key) === "deployment" && !key.endsWith(":delete");
/** An environment's or service's create or update: the deployments an extra poll may be anchored on. */
const isStackDeployment = (key: string) => isDeploying(key) && TYPICAL_MS[key] !== undefined;

/** What this process has seen: the last duration per operation, and observed ÷ typical for each kind of work. */
export class DurationMemory {
  private last = new Map<string, number>();
  private speeds = new Map<string, number[]>();
  private lastDeployment: number | undefined;

  /** `succeeded`: false for work that failed, whose duration still tells the speed but is no anchor. */
  record(key: string, ms: number, typicalMs: number | undefined, succeeded = true): void {
    this.last.set(key, ms);
    // Repositories, connections and templates are answered at once, and a failure may come early: neither
    // says what a service's deployment after them takes.
    if (succeeded && isStackDeployment(key)) this.lastDeployment = ms;
    if (!typicalMs) return;
    const kind = kindOf(key);
    this.speeds.set(kind, [...(this.speeds.get(kind) ?? []), ms / typicalMs]);
  }

  lastOf(key: string): number | undefined {
    return this.last.get(key);
  }

  /** What the last deployment (a create or update of an environment or service) seen to succeed took. */
  get lastDeploymentMs(): number | undefined {
    return this.lastDeployment;
  }

  /** The median of observed ÷ typical so far for `kind` (any kind when left out); undefined when none. */
  speed(kind?: "registration" | "deployment"): number | undefined {
    const all = kind ? (this.speeds.get(kind) ?? []) : [...this.speeds.values()].flat();
    if (!all.length) return undefined;
    const sorted = [...all].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
}

/** What an expectation may draw on besides this resource's own durations and this process's memory. */
export interface ExpectationContext {
  /**
   * Divides typical and stated durations, for rehearsals against proton-local running Proton's durations
   * faster by the same factor (default 1).
   */
  timeScale?: number;
  /**
   * The median duration of the account's recent succeeded deployments per operation (account-history.ts),
   * which Proton timed itself, so no time scale applies.
   */
  account?: AccountDurations;
  /**
   * What the user says a deployment takes here (PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS), in ms: it
   * replaces the bare prior of a deployment nothing else tells about.
   */
  statedDeploymentMs?: number;
}

/**
 * The expectation for operation `key` ("Environment:create"); undefined when Proton usually answers such
 * work at once (templates, connections), which is then polled right away. `own`: this resource's last
 * duration of each operation ("create", "update", "delete"), in ms.
 */
export function expectationFor(
  key: string,
  own: Partial<Record<string, number>>,
  memory: DurationMemory,
  context: ExpectationContext = {},
): Explained | undefined {
  const expected = expectationFrom(key, own, memory, context);
  const registering = kindOf(key) === "registration" && key.endsWith(":create");
  return expected && registering ? { ...expected, brief: true } : expected;
}

function expectationFrom(
  key: string,
  own: Partial<Record<string, number>>,
  memory: DurationMemory,
  { timeScale = 1, account = {}, statedDeploymentMs }: ExpectationContext,
): Explained | undefined {
  const known = knownHere(key, own, memory);
  if (known) return known;
  const typical = TYPICAL_MS[key];
  if (typical === undefined) return undefined;
  // Other stacks' environments or services: the same kind of target, other templates and sizes.
  const inAccount = account[key];
  if (inAccount !== undefined && inAccount > 0)
    return { ms: inAccount, source: "related", basis: "the account's recent deployments" };
  const kind = kindOf(key);
  const sameKind = memory.speed(kind);
  if (sameKind !== undefined) {
    // A service after its environments: the typical ratio of the two says half as long again, but the
    // same CloudFormation in the same account may take what they took, so one poll goes there too.
    const measured = isDeploying(key) ? memory.lastDeploymentMs : undefined;
    return {
      ms: (typical / timeScale) * sameKind,
      // Every template's registration has the same typical duration: one measured here is as close as a
      // sibling's.
      source: kind === "registration" ? "history" : "related",
      ...(measured === undefined ? {} : { alsoAtMs: measured }),
      basis: `typical, at this run's ${kind} speed`,
    };
  }
  // Registrations take seconds wherever Proton runs; a first deployment anything from 30 s to 30 minutes,
  // unless the user says how long. Deletions usually take less than what was stated for deploying.
  const registration = kind === "registration";
  const deploying = isDeploying(key);
  if (deploying && statedDeploymentMs !== undefined && statedDeploymentMs > 0)
    return {
      ms: statedDeploymentMs / timeScale,
      source: "related",
      unseen: true,
      basis: "PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS",
    };
  const source = registration ? "related" : "prior";
  // Work of the other kind says little, but faster than typical (Proton rehearsed faster on proton-local)
  // it starts the hedging earlier, for a poll or two. By a quarter at most: each halving of the start costs
  // a 30-minute first deployment 4 polls on the walk, past 6 per operation for the `up`. Slower, it must
  // not delay the first poll: a template registered in 20 s had a 30 s first deployment first polled at
  // 72 s, 40 s late.
  const otherKind = Math.min(Math.max(memory.speed() ?? 1, MOST_SHORTENED_PRIOR), 1);
  const basis = otherKind < 1 ? "Proton's typical, at this run's speed" : "Proton's typical";
  return { ms: (typical / timeScale) * otherKind, source, unseen: true, basis };
}

/** What this resource and this process know of `key`, before the account's history is worth reading. */
function knownHere(
  key: string,
  own: Partial<Record<string, number>>,
  memory: DurationMemory,
): Explained | undefined {
  const [type, op] = key.split(":");
  // An update expects what the create took: both deploy the same template.
  const same = own[op] ?? (op === "update" ? own.create : undefined);
  if (same !== undefined && same > 0)
    return { ms: same, source: "history", basis: own[op] !== undefined ? `its last ${op}` : "its create" };
  const sibling = memory.lastOf(key);
  if (sibling !== undefined)
    return { ms: sibling, source: "history", basis: "the last of its kind in this run" };
  const typical = TYPICAL_MS[key];
  if (typical === undefined) return undefined;
  for (const [otherOp, ms] of Object.entries(own)) {
    const otherTypical = TYPICAL_MS[`${type}:${otherOp}`];
    if (ms && otherTypical)
      return { ms: (typical * ms) / otherTypical, source: "related", basis: `its ${otherOp}, scaled` };
  }
  return undefined;
}

/**
 * Whether the account's deployment history would set the expectation for `key`: a deployment of which
 * neither this resource nor this process knows anything closer. A service deployed after its environments
 * expects the account's services rather than its environments' time scaled by a typical ratio.
 */
export function needsAccountHistory(
  key: string,
  own: Partial<Record<string, number>>,
  memory: DurationMemory,
): boolean {
  return ACCOUNT_KEYS.includes(key) && knownHere(key, own, memory) === undefined;
}
