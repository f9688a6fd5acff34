// First work of an operation that starts together shares one probe. A stack's environments (or 100 services
// of one apply, or the versions of its templates) reach Proton within moments of each other, and with nothing
// known of how long they take each would poll the whole hedging schedule on its own: 14 polls each for a
// 6-minute first deployment, 2 for a registration. The first one to start probes; the others wait for it to
// end, then poll at once and go on from what it took (a sibling's duration, the closest evidence there is).
// The cost: one of them that is much faster than the probe is seen only when the probe ends.

/** What a wait joining a cohort does: follow another wait's probe, or probe and `end` when done. */
export interface CohortPlace {
  /** Settles when the probing wait ends (done, failed or given up); undefined for the probe itself. */
  follow?: Promise<void>;
  /** Ends this wait's part: a probe wakes its followers; a follower has nothing to end. */
  end(): void;
}

export class Cohorts {
  private probes = new Map<string, { startedAt: number; ended: Promise<void> }>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Joins the probe of `key` if one started at most `windowMs` ago (before its first poll: work started
   * together), else becomes that key's probe for the waits that start after it.
   */
  join(key: string, windowMs: number): CohortPlace {
    const now = this.now();
    const probe = this.probes.get(key);
    if (probe && now - probe.startedAt <= windowMs) return { follow: probe.ended, end: () => {} };
    let wake!: () => void;
    const mine = { startedAt: now, ended: new Promise<void>((resolve) => (wake = resolve)) };
    this.probes.set(key, mine);
    return {
      end: () => {
        // A later probe of the same key may have taken the place; it stays.
        if (this.probes.get(key) === mine) this.probes.delete(key);
        wake();
      },
    };
  }
}
