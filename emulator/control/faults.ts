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

/**
 * A request-rate quota like Proton's API rate limits: `tps` calls per second for each operation it covers
 * (its own token bucket per operation), bursts up to `burst` (default: tps). Calls over it are answered
 * ThrottlingException without running, and use no token.
 */
export interface RateLimitSpec {
  /** One operation name, or "*" / absent for every operation, each with its own bucket. */
  operation?: string;
  tps: number;
  burst?: number;
}

export interface RateLimit extends RateLimitSpec {
  id: string;
  /** Calls this limit throttled. */
  throttled: number;
}

interface Bucket {
  tokens: number;
  updated: number;
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
  private limits: { limit: RateLimit; buckets: Map<string, Bucket> }[] = [];
  private frozen = new Set<Phase>();
  private nextId = 1;
  private random: () => number;

  constructor(
    private seed = 1,
    private readonly now: () => number = Date.now,
  ) {
    this.random = seeded(seed);
  }

  addLimit(spec: RateLimitSpec): RateLimit {
    if (!(typeof spec.tps === "number" && spec.tps > 0)) throw new Error("tps must be a number above 0");
    if (spec.burst !== undefined && !(typeof spec.burst === "number" && spec.burst >= 1))
      throw new Error("burst must be a number of at least 1");
    if (spec.operation !== undefined && typeof spec.operation !== "string")
      throw new Error('operation must be an operation name or "*"');
    const limit: RateLimit = { ...spec, id: `limit-${this.nextId++}`, throttled: 0 };
    this.limits.push({ limit, buckets: new Map() });
    return { ...limit };
  }

  listLimits(): RateLimit[] {
    return this.limits.map((l) => ({ ...l.limit }));
  }

  clearLimits(): void {
    this.limits = [];
  }

  /** The limit `operation` is over right now, if any; otherwise takes a token from every limit covering it. */
  private overLimit(operation: string): RateLimit | undefined {
    const now = this.now();
    const covering = this.limits.filter(
      (l) => !l.limit.operation || l.limit.operation === "*" || l.limit.operation === operation,
    );
    const buckets = covering.map(({ limit, buckets }) => {
      const capacity = limit.burst ?? limit.tps;
      const bucket = buckets.get(operation) ?? { tokens: capacity, updated: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updated) / 1000) * limit.tps);
      bucket.updated = now;
      buckets.set(operation, bucket);
      return { limit, bucket };
    });
    const over = buckets.find((b) => b.bucket.tokens < 1);
    if (over) {
      over.limit.throttled++;
      return over.limit;
    }
    for (const b of buckets) b.bucket.tokens -= 1;
    return undefined;
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
    const limited = this.overLimit(operation);
    if (limited)
      return {
        action: "error",
        delayMs: 0,
        type: "ThrottlingException",
        message: "Rate exceeded",
        fault: `rate-limit#${limited.id}`,
      };
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
