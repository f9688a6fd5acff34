import type { CallRecord } from "../../emulator";
import { seeded } from "../../emulator/control/faults";

// Kill points for the crash matrix: a call of a clean run, identified so that it can be recognised in
// another run of the same program (operation, the resource name it is about, its occurrence), and the
// moment to kill: when the call arrives (it never runs), after it ran (its answer is lost), or a few
// milliseconds after its answer went out (mid-way through whatever the run does next: a checkpoint save,
// a waiter's sleep, another resource's call).

export type Phase = "received" | "handled";

export interface KillPoint {
  operation: string;
  /** The resource name the call is about ("" for calls keyed by generated ids). */
  key: string;
  /** 1-based occurrence among the calls with this operation and key. */
  occurrence: number;
  phase: Phase;
  /** Kill this long after the answer went out, instead of dropping it (phase "handled" only). */
  delayMs?: number;
}

/** Delays for seeded points: shorter than any wait in the matrix's proton-local, so the run is still going. */
export const DELAYS_MS = [5, 20, 40, 60, 80, 100, 120];

const KEY_MEMBERS = ["name", "environmentName", "templateName", "serviceName"] as const;

/** The resource name a call is about, from its input members (the same members the call log keeps). */
export function keyOf(input: Record<string, unknown> | undefined): string {
  for (const member of KEY_MEMBERS) if (typeof input?.[member] === "string") return input[member];
  return "";
}

export const describePoint = (p: KillPoint) =>
  `${p.phase === "received" ? "before" : "after"} ${p.operation}${p.key ? `(${p.key})` : ""}` +
  (p.occurrence > 1 ? ` #${p.occurrence}` : "") +
  (p.delayMs === undefined ? "" : ` +${p.delayMs}ms`);

/** Tracks a run's calls and says when the call at hand is the kill point. */
export function pointMatcher(point: KillPoint) {
  const seen = new Map<string, number>();
  return (phase: Phase, operation: string, input: Record<string, unknown>): boolean => {
    const key = keyOf(input);
    const id = `${operation}\n${key}`;
    if (phase === "received") seen.set(id, (seen.get(id) ?? 0) + 1);
    return (
      phase === point.phase &&
      operation === point.operation &&
      key === point.key &&
      seen.get(id) === point.occurrence
    );
  };
}

/**
 * Every kill point a clean run's call log offers: both phases of each mutating call, and the first re-read of
 * each resource (a wait in progress). Later polls are left out: how many a wait makes depends on timing and
 * jitter, so another run may never reach the sixth.
 */
export function candidatePoints(calls: CallRecord[]): KillPoint[] {
  const seen = new Map<string, number>();
  const out: KillPoint[] = [];
  for (const call of calls) {
    const key = keyOf(call.target);
    const id = `${call.operation}\n${key}`;
    const occurrence = (seen.get(id) ?? 0) + 1;
    seen.set(id, occurrence);
    if (call.mutating) {
      out.push({ operation: call.operation, key, occurrence, phase: "received" });
      out.push({ operation: call.operation, key, occurrence, phase: "handled" });
    } else if (call.operation.startsWith("Get") && occurrence === 2) {
      // A repeated read of one resource is a wait in progress; killing as it arrives kills mid-wait.
      out.push({ operation: call.operation, key, occurrence, phase: "received" });
    }
  }
  return out;
}

const same = (a: KillPoint, b: KillPoint) =>
  a.operation === b.operation &&
  a.key === b.key &&
  a.occurrence === b.occurrence &&
  a.phase === b.phase &&
  a.delayMs === b.delayMs;

/**
 * Picks `count` kill points: first the coverage set — before and after the first call of every Create* and
 * of every other mutating operation, and mid-way through the first wait on every resource that has one —
 * then, seeded, others up to `count` (the coverage set is always whole): the remaining candidates, and each
 * candidate call followed by a delay from DELAYS_MS. The result follows the order of the run.
 */
export function pickPoints(candidates: KillPoint[], count: number, seed: number): KillPoint[] {
  const callOf = (p: KillPoint) => `${p.operation}\n${p.key}\n${p.occurrence}`;
  const calls = [...new Map(candidates.map((p) => [callOf(p), p])).values()];
  const firstOfEach = new Set<string>();
  const coverage = candidates.filter((p) => {
    const kind = p.occurrence === 1 ? `${p.operation}/${p.phase}` : `wait ${p.operation}\n${p.key}`;
    if (firstOfEach.has(kind)) return false;
    firstOfEach.add(kind);
    return true;
  });
  const delayed = calls.flatMap((p) =>
    DELAYS_MS.map((delayMs): KillPoint => ({ ...p, phase: "handled", delayMs })),
  );
  const rest = [...candidates, ...delayed].filter((p) => !coverage.some((c) => same(c, p)));
  const random = seeded(seed);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  const chosen = [...coverage, ...rest.slice(0, Math.max(0, count - coverage.length))];
  // In run order: by call, then before, after, and after with growing delays.
  const position = new Map(calls.map((p, i) => [callOf(p), i]));
  const moment = (p: KillPoint) => (p.phase === "received" ? -2 : (p.delayMs ?? -1));
  return chosen.sort((a, b) => position.get(callOf(a))! - position.get(callOf(b))! || moment(a) - moment(b));
}
