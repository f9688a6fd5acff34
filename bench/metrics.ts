import type { CallRecord } from "../emulator";

// Figures from proton-local's call log: Proton calls by operation, throttled calls, and for every
// asynchronous operation (a create, update or delete that starts Proton work) the status polls it took and
// when, which is also what the timeline chart draws.

/** Calls that start asynchronous work in Proton, by the resource kind they act on. */
const ASYNC: Record<string, string> = {
  CreateEnvironmentTemplateVersion: "EnvironmentTemplateVersion",
  CreateServiceTemplateVersion: "ServiceTemplateVersion",
  CreateEnvironment: "Environment",
  UpdateEnvironment: "Environment",
  DeleteEnvironment: "Environment",
  CreateService: "Service",
  UpdateService: "Service",
  UpdateServiceInstance: "Service",
  UpdateServicePipeline: "Service",
  DeleteService: "Service",
};
/** The read that polls each kind's status. */
const POLL: Record<string, string> = {
  EnvironmentTemplateVersion: "GetEnvironmentTemplateVersion",
  ServiceTemplateVersion: "GetServiceTemplateVersion",
  Environment: "GetEnvironment",
  Service: "GetService",
};

const resourceOf = (kind: string, c: CallRecord): string | undefined => {
  const t = c.target ?? {};
  const name = kind.endsWith("TemplateVersion") ? t.templateName : (t.serviceName ?? t.name);
  return name ? `${kind} ${name}` : undefined;
};

export interface AsyncOperation {
  resource: string;
  operation: string;
  /** ms since the start of the run. */
  startMs: number;
  pollsMs: number[];
}

/**
 * Each asynchronous operation and its polls: the status reads of its resource until its next change. Times
 * are ms since `t0` (default: the first call).
 */
export function asyncOperations(
  calls: CallRecord[],
  t0 = calls.length ? Date.parse(calls[0].at) : 0,
): AsyncOperation[] {
  const ops: AsyncOperation[] = [];
  const open = new Map<string, AsyncOperation>();
  for (const c of calls) {
    const at = Date.parse(c.at) - t0;
    if (c.status >= 300 && c.error !== "ResourceNotFoundException") continue;
    const kind = ASYNC[c.operation];
    if (kind) {
      const resource = resourceOf(kind, c);
      if (!resource) continue;
      const current = open.get(resource);
      // Several calls of one change (both instances of a service) with no poll between them are one operation.
      if (current && current.pollsMs.length === 0) continue;
      const op = { resource, operation: c.operation, startMs: at, pollsMs: [] };
      open.set(resource, op);
      ops.push(op);
      continue;
    }
    if (c.mutating) {
      // Another change of the resource (publish, accept) ends its wait.
      const changed = c.operation.replace(/^(Create|Update|Delete|Accept|Reject|Cancel)/, "");
      const r = POLL[changed] ? resourceOf(changed, c) : undefined;
      if (r) open.delete(r);
      continue;
    }
    for (const [k, poll] of Object.entries(POLL)) {
      if (c.operation !== poll) continue;
      const r = resourceOf(k, c);
      const op = r ? open.get(r) : undefined;
      if (op) op.pollsMs.push(at);
    }
  }
  return ops;
}

export interface CallFigures {
  calls: number;
  throttled: number;
  byOperation: Record<string, number>;
  pollsMean: number;
  pollsMax: number;
  asyncOps: number;
}

export function callFigures(calls: CallRecord[]): CallFigures {
  const byOperation: Record<string, number> = {};
  for (const c of calls) byOperation[c.operation] = (byOperation[c.operation] ?? 0) + 1;
  const polls = asyncOperations(calls).map((o) => o.pollsMs.length);
  return {
    calls: calls.length,
    throttled: calls.filter((c) => c.error === "ThrottlingException").length,
    byOperation,
    pollsMean: polls.length ? polls.reduce((a, b) => a + b, 0) / polls.length : 0,
    pollsMax: polls.length ? Math.max(...polls) : 0,
    asyncOps: polls.length,
  };
}

/**
 * How long some asynchronous operation was under way (from its request to the poll that saw it done), the
 * union over all of them, in ms. Proton's work and the polls waiting on it run on Proton's clock; the rest
 * of a command's wall time is the CLI's and the provider's own work. Scaled cases convert with it.
 */
export function waitedMs(ops: AsyncOperation[]): number {
  const spans = ops
    .filter((o) => o.pollsMs.length)
    .map((o) => [o.startMs, o.pollsMs[o.pollsMs.length - 1]] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = [-Infinity, -Infinity];
  for (const [start, end] of spans) {
    if (start > to) {
      if (to > from) total += to - from;
      [from, to] = [start, end];
    } else to = Math.max(to, end);
  }
  return to > from ? total + to - from : total;
}
