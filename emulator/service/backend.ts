import { createHash, randomUUID } from "node:crypto";
import { canonicalJson } from "../../common/model";
import { Clock } from "./clock";
import { emptyState, type Pending, type State, type Tag } from "./state";

export type Phase = "registration" | "deployment" | "deletion" | "cancellation";
export const PHASES: readonly Phase[] = ["registration", "deployment", "deletion", "cancellation"];

export interface Durations {
  registrationMs: number;
  deploymentMs: number;
  deletionMs: number;
  cancellationMs: number;
}

export const DEFAULT_DURATIONS: Durations = {
  registrationMs: 1000,
  deploymentMs: 2000,
  deletionMs: 1000,
  cancellationMs: 500,
};

/** Hooks through which the control plane steers async outcomes. */
export interface OutcomeControl {
  /** A failure message if the next `phase` work on `resource` was told to fail (consumes it). */
  takeFailure(phase: Phase, resource: string): string | undefined;
  /** True while async progress of `phase` is frozen. */
  isFrozen(phase: Phase): boolean;
}

export interface BackendOptions {
  accountId: string;
  region: string;
  partition?: string;
  /** Folder standing in for S3: `<bundleRoot>/<bucket>/<key>` is a `.tar.gz` or a bundle folder. */
  bundleRoot?: string;
  durations: Durations;
}

const noOutcomes: OutcomeControl = { takeFailure: () => undefined, isFrozen: () => false };

/** The Proton service model: state plus the clock, identity and timing every operation shares. */
export class Backend {
  state: State = emptyState();
  readonly clock = new Clock();
  outcomes: OutcomeControl = noOutcomes;
  /** The last time each phase was seen frozen by `isDue`. */
  private readonly frozenSeenAt = new Map<Phase, number>();

  constructor(readonly options: BackendOptions) {}

  now(): number {
    return this.clock.now();
  }

  arn(resource: string): string {
    const { partition = "aws", region, accountId } = this.options;
    return `arn:${partition}:proton:${region}:${accountId}:${resource}`;
  }

  uuid(): string {
    return randomUUID();
  }

  /** Schedules async work of the given phase; a failure injected for `resource` is decided now. */
  schedule(kind: Pending["kind"], phase: Phase, resource: string): Pending {
    const ms = {
      registration: this.options.durations.registrationMs,
      deployment: this.options.durations.deploymentMs,
      deletion: this.options.durations.deletionMs,
      cancellation: this.options.durations.cancellationMs,
    }[phase];
    const failWith = this.outcomes.takeFailure(phase, resource);
    return { kind, dueAt: this.now() + ms, ...(failWith !== undefined ? { failWith } : {}) };
  }

  isDue(pending: Pending | undefined, phase: Phase, now: number): pending is Pending {
    if (this.outcomes.isFrozen(phase)) {
      this.frozenSeenAt.set(phase, now);
      return false;
    }
    return pending !== undefined && pending.dueAt <= now;
  }

  /**
   * When due work ended: at its due time, or once its phase was thawed (the last moment it was seen
   * frozen), never later than now. Proton stamps work when it ends, not when a request next looks at it:
   * a stamp taken at the next read would make every deployment look as long as its observer's lateness.
   */
  finishedAt(pending: Pending, phase: Phase, now: number): number {
    return Math.min(now, Math.max(pending.dueAt, this.frozenSeenAt.get(phase) ?? -Infinity));
  }

  reset(): void {
    this.state = emptyState();
    this.frozenSeenAt.clear();
  }
}

/** Stable hash of request parameters (key order does not matter), for idempotency checks. */
export function paramsHash(params: object, ignore: string[] = []): string {
  const picked = Object.fromEntries(Object.entries(params).filter(([k]) => !ignore.includes(k)));
  return createHash("sha256").update(canonicalJson(picked)).digest("hex");
}

export const copyTags = (tags: Tag[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.key, value: t.value }));
