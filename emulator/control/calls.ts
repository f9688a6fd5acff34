import { isReadOnly } from "../../common/model";

// The call log: every API call proton-local answered, so tests and benchmarks can assert
// "no duplicate creates" or "no mutating call during preview".

export interface CallRecord {
  seq: number;
  at: string;
  operation: string;
  mutating: boolean;
  status: number;
  error?: string;
  /** The injected fault(s) that hit this call, e.g. "throttle#3" or "latency#1,latency#2". */
  fault?: string;
  /** Latency added by latency faults, in ms. */
  delayMs?: number;
  /** The identifying input members (name, templateName, id, clientToken...), never specs or other content. */
  target?: Record<string, string>;
}

const TARGET_MEMBERS = [
  "name",
  "templateName",
  "majorVersion",
  "minorVersion",
  "serviceName",
  "serviceInstanceName",
  "environmentName",
  "id",
  "resourceArn",
  "clientToken",
  "deploymentType",
];

export class CallLog {
  private calls: CallRecord[] = [];
  private seq = 0;

  record(
    operation: string,
    input: unknown,
    status: number,
    extra: { error?: string; fault?: string; delayMs?: number } = {},
  ): CallRecord {
    const body = (input && typeof input === "object" ? input : {}) as Record<string, unknown>;
    const target = Object.fromEntries(
      TARGET_MEMBERS.filter((k) => typeof body[k] === "string").map((k) => [k, body[k] as string]),
    );
    const call: CallRecord = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      operation,
      mutating: !isReadOnly(operation),
      status,
      ...extra,
      ...(Object.keys(target).length ? { target } : {}),
    };
    this.calls.push(call);
    return call;
  }

  list(since = 0, operation?: string): CallRecord[] {
    return this.calls.filter((c) => c.seq > since && (!operation || c.operation === operation));
  }

  /** Per operation: calls answered, how many succeeded and how many failed. */
  counts(since = 0): Record<string, { total: number; ok: number; failed: number }> {
    const out: Record<string, { total: number; ok: number; failed: number }> = {};
    for (const c of this.list(since)) {
      const entry = (out[c.operation] ??= { total: 0, ok: 0, failed: 0 });
      entry.total++;
      if (c.status < 300) entry.ok++;
      else entry.failed++;
    }
    return out;
  }

  get lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.calls = [];
  }
}
