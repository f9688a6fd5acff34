import { ERROR_STATUS, type ErrorType } from "../protocol/errors";
import { PHASES, type OutcomeControl, type Phase } from "../service/backend";

// Fault injection: request-level faults hit an operation before it runs (throttling, 5xx, connection
// resets, latency) or, for "lose-response", after it ran and changed state (the connection is reset instead
// of answering: the client never learns the call succeeded, as when a network drops the reply); outcome
// faults make the next async registration/deployment/deletion fail.

export type RequestFaultKind = "throttle" | "internal" | "reset" | "latency" | "error" | "lose-response";
export type OutcomeFaultKind = "fail-registration" | "fail-deployment" | "fail-deletion";

export interface FaultSpec {
  kind: RequestFaultKind | OutcomeFaultKind;
  /** Operation name (request faults) or "*" / absent for every operation. */
  operation?: string;
  /** Resource name the outcome fault applies to; absent for the next one of any resource. */
  resource?: string;
  /** Chance that a matching call is hit, 0..1 (default 1). */
  probability?: number;
  /** How many calls (or outcomes) to hit before the fault retires; absent = until removed (outcome faults: 1). */
  count?: number;
  latencyMs?: number;
  /** For kind "error": the error type to answer with. */
  errorType?: ErrorType;
  message?: string;
}

export interface Fault extends FaultSpec {
  id: string;
  hits: number;
}

export type RequestVerdict =
  | { action: "continue"; delayMs: number; fault?: string; loseResponse?: boolean }
  | { action: "error"; delayMs: number; type: ErrorType; message: string; fault: string }
  | { action: "reset"; delayMs: number; fault: string };

const OUTCOME_PHASE: Record<OutcomeFaultKind, Phase> = {
  "fail-registration": "registration",
  "fail-deployment": "deployment",
  "fail-deletion": "deletion",
};
const REQUEST_KINDS = new Set(["throttle", "internal", "reset", "latency", "error", "lose-response"]);

/** Small seeded PRNG (mulberry32) so probabilistic faults are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults implements OutcomeControl {
  private faults: Fault[] = [];
  private frozen = new Set<Phase>();
  private nextId = 1;
  private random: () => number;

  constructor(private seed = 1) {
    this.random = seeded(seed);
  }

  add(spec: FaultSpec): Fault {
    const valid = REQUEST_KINDS.has(spec.kind) || spec.kind in OUTCOME_PHASE;
    if (!valid) throw new Error(`unknown fault kind '${spec.kind}'`);
    if (spec.probability !== undefined && !(spec.probability >= 0 && spec.probability <= 1))
      throw new Error("probability must be between 0 and 1");
    if (spec.kind === "error" && (!spec.errorType || !(spec.errorType in ERROR_STATUS)))
      throw new Error(`kind 'error' needs an errorType, one of ${Object.keys(ERROR_STATUS).join(", ")}`);
    if (spec.kind === "latency" && !(Number(spec.latencyMs) > 0))
      throw new Error("kind 'latency' needs latencyMs > 0");
    const fault: Fault = { ...spec, id: String(this.nextId++), hits: 0 };
    if (fault.kind in OUTCOME_PHASE && fault.count === undefined) fault.count = 1;
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
    this.frozen.clear();
    this.random = seeded(this.seed);
  }

  freeze(phases: readonly Phase[] = PHASES): void {
    for (const p of phases) this.frozen.add(p);
  }

  thaw(phases: readonly Phase[] = PHASES): void {
    for (const p of phases) this.frozen.delete(p);
  }

  frozenPhases(): Phase[] {
    return [...this.frozen];
  }

  isFrozen(phase: Phase): boolean {
    return this.frozen.has(phase);
  }

  private hit(f: Fault): boolean {
    if (f.probability !== undefined && this.random() >= f.probability) return false;
    f.hits++;
    if (f.count !== undefined && f.hits >= f.count) this.remove(f.id);
    return true;
  }

  /** Decides what happens to one API call before it runs. */
  onRequest(operation: string): RequestVerdict {
    let delayMs = 0;
    const delayedBy: string[] = [];
    for (const f of [...this.faults]) {
      if (!REQUEST_KINDS.has(f.kind)) continue;
      if (f.operation && f.operation !== "*" && f.operation !== operation) continue;
      if (!this.hit(f)) continue;
      const fault = `${f.kind}#${f.id}`;
      switch (f.kind) {
        case "latency":
          delayMs += f.latencyMs ?? 0;
          delayedBy.push(fault);
          continue;
        case "reset":
          return { action: "reset", delayMs, fault };
        case "lose-response":
          return { action: "continue", delayMs, fault: [...delayedBy, fault].join(","), loseResponse: true };
        case "throttle":
          return {
            action: "error",
            delayMs,
            type: "ThrottlingException",
            message: f.message ?? "Rate exceeded",
            fault,
          };
        case "internal":
          return {
            action: "error",
            delayMs,
            type: "InternalServerException",
            message: f.message ?? "Internal service error",
            fault,
          };
        case "error":
          return {
            action: "error",
            delayMs,
            type: f.errorType as ErrorType,
            message: f.message ?? `Injected ${f.errorType}`,
            fault,
          };
      }
    }
    return { action: "continue", delayMs, ...(delayedBy.length ? { fault: delayedBy.join(",") } : {}) };
  }

  takeFailure(phase: Phase, resource: string): string | undefined {
    for (const f of [...this.faults]) {
      if (!(f.kind in OUTCOME_PHASE) || OUTCOME_PHASE[f.kind as OutcomeFaultKind] !== phase) continue;
      if (f.resource && f.resource !== resource) continue;
      if (!this.hit(f)) continue;
      return f.message ?? `Injected ${phase} failure`;
    }
    return undefined;
  }
}
