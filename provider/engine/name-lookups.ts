// Before a name-keyed create the engine looks the name up, so that a resource left by an interrupted run (or
// made elsewhere) is taken over instead of clashed with. For the 100 environments and 100 services of one
// `up` that was 100 GetEnvironment and 100 GetService calls, each over 12 s of the request budget's reads.
// Lookups of one type that queue up while another is in flight are answered together by one listing
// (ListEnvironments, 100 names a page). The listing is taken after they were asked, so a name it lacks is
// absent as surely as a Get sent at that moment would say. A name it has is read in full, as before. A lookup
// with none in flight goes straight to its own read: a lone create never waits for company.

/** One page of names at a time, as the List operation returns them. */
export type NameListing = () => AsyncIterable<string[]>;

interface Waiter {
  name: string;
  /** true: the listing lacks the name; false: read it (listed, or the listing did not settle it). */
  settle(absent: boolean): void;
}

interface Line {
  busy: number;
  waiting: Waiter[];
  /**
   * Pages the type's listing took last time: at least that many when it was abandoned, Infinity once one
   * failed. A batch that cannot afford them reads its names without trying.
   */
  pages?: number;
}

export class NameLookups {
  private lines = new WeakMap<object, Map<string, Line>>();

  /**
   * The resource called `name`, or undefined when it does not exist. `scope` (the client: one account and
   * region) and `type` keep lookups apart; `read` reads one name; `list` walks every name of the type.
   */
  async lookup<T>(
    scope: object,
    type: string,
    name: string,
    read: () => Promise<T | undefined>,
    list?: NameListing,
  ): Promise<T | undefined> {
    if (!list) return read();
    const line = this.lineOf(scope, type);
    if (line.busy > 0 || line.waiting.length > 0) {
      const absent = await new Promise<boolean>((settle) => line.waiting.push({ name, settle }));
      return absent ? undefined : read();
    }
    line.busy++;
    try {
      return await read();
    } finally {
      line.busy--;
      void this.drain(line, list);
    }
  }

  /** Answers everything queued with one listing, unless it would cost as many calls as reading each. */
  private async drain(line: Line, list: NameListing): Promise<void> {
    if (line.busy > 0 || line.waiting.length === 0) return;
    const batch = line.waiting.splice(0);
    const maxPages = batch.length - 1;
    let names: Set<string> | undefined;
    if ((line.pages ?? 1) <= maxPages) {
      line.busy++;
      try {
        const listed = await listWithin(list, maxPages);
        [names, line.pages] = [listed.names, listed.pages];
      } catch {
        // No List permission, or throttled past the retries: creates read their own names, as before.
        line.pages = Infinity;
      } finally {
        line.busy--;
      }
    }
    for (const w of batch) w.settle(names !== undefined && !names.has(w.name));
    void this.drain(line, list);
  }

  private lineOf(scope: object, type: string): Line {
    let byType = this.lines.get(scope);
    if (!byType) this.lines.set(scope, (byType = new Map<string, Line>()));
    let line = byType.get(type);
    if (!line) byType.set(type, (line = { busy: 0, waiting: [] }));
    return line;
  }
}

/** Every name of the listing and its pages; no names when it takes more than `maxPages` pages. */
async function listWithin(
  list: NameListing,
  maxPages: number,
): Promise<{ names?: Set<string>; pages: number }> {
  const names = new Set<string>();
  let pages = 0;
  for await (const page of list()) {
    if (++pages > maxPages) return { pages };
    for (const n of page) names.add(n);
  }
  return { names, pages };
}

/** The provider process's lookups: one process serves the whole stack. */
export const nameLookups = new NameLookups();
