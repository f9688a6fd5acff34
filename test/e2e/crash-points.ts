import type { CallRecord } from "../../emulator";
import { seeded } from "../../emulator/control/faults";

// Kill points for the crash matrix: a call of a clean run, identified so that it can be recognised in
// another run of the same program (operation, the resource name it is about, its occurrence), and the
// moment to kill: when the call arrives (it never runs) or after it ran (its answer is lost).

export type Phase = "received" | "handled";

export interface KillPoint {
  operation: string;
  /** The resource name the call is about ("" for calls keyed by generated ids). */
  key: string;
  /** 1-based occurrence among the calls with this operation and key. */
  occurrence: number;
  phase: Phase;
}

const KEY_MEMBERS = ["name", "environmentName", "templateName", "serviceName"] as const;

/** The resource name a call is about, from its input members (the same members the call log keeps). */
export function keyOf(input: Record<string, unknown> | undefined): string {
  for (const member of KEY_MEMBERS) if (typeof input?.[member] === "string") return input[member] as string;
  return "";
}

export const describePoint = (p: KillPoint) =>
  `${p.phase === "received" ? "before" : "after"} ${p.operation}${p.key ? `(${p.key})` : ""}` +
  (p.occurrence > 1 ? ` #${p.occurrence}` : "");

/** Tracks a run's calls and says when the call at hand is the kill point. */
export function pointMatcher(point: KillPoint) {
  const seen = new Map<string, number>();
  return (phase: Phase, operation: string, input: Record<string, unknown>): boolean => {
    const id = `${operation}\n${keyOf(input)}`;
    if (phase === "received") seen.set(id, (seen.get(id) ?? 0) + 1);
    return (
      phase === point.phase &&
      operation === point.operation &&
      keyOf(input) === point.key &&
      seen.get(id) === point.occurrence
    );
  };
}

/** Every kill point a clean run's call log offers: both phases of each mutating call, and each poll. */
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
    } else if (call.operation.startsWith("Get") && occurrence > 1) {
      // A repeated read of one resource is a wait in progress; killing as it arrives kills mid-wait.
      out.push({ operation: call.operation, key, occurrence, phase: "received" });
    }
  }
  return out;
}

const same = (a: KillPoint, b: KillPoint) =>
  a.operation === b.operation && a.key === b.key && a.occurrence === b.occurrence && a.phase === b.phase;

/**
 * Picks `count` kill points: first the coverage set — before and after the first call of every Create* and
 * of every other mutating operation, and mid-way through the first wait on every resource that has one —
 * then, seeded, others up to `count` (the coverage set is always whole). The result follows the order of the run.
 */
export function pickPoints(candidates: KillPoint[], count: number, seed: number): KillPoint[] {
  const firstOfEach = new Set<string>();
  const coverage = candidates.filter((p) => {
    const kind = p.occurrence === 1 ? `${p.operation}/${p.phase}` : `wait ${p.operation}\n${p.key}`;
    if (firstOfEach.has(kind)) return false;
    firstOfEach.add(kind);
    return true;
  });
  const rest = candidates.filter((p) => !coverage.some((c) => same(c, p)));
  const random = seeded(seed);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  const chosen = [...coverage, ...rest.slice(0, Math.max(0, count - coverage.length))];
  return candidates.filter((p) => chosen.some((c) => same(c, p)));
}
