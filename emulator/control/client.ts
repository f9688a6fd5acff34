import type { CallRecord } from "./calls";
import type { Fault, FaultSpec, RateLimit, RateLimitSpec } from "./faults";
import type { Durations, Phase } from "../service/backend";
import type { GitPush } from "../service/git";
import type { PushResult } from "../service/push";
import type { renderedFiles } from "../service/deployment-history";
import type { State } from "../service/state";

export interface ControlClientOptions {
  /** The control token, when proton-local requires one (default: $PROTON_LOCAL_CONTROL_TOKEN). */
  token?: string;
}

/**
 * A client for proton-local's control plane, for tests, benchmarks and scripts. Every request other than
 * a GET sends a JSON body with Content-Type application/json, as the control plane requires.
 */
export class ProtonLocalControl {
  readonly base: string;
  private readonly token: string | undefined;

  constructor(endpoint: string, options: ControlClientOptions = {}) {
    this.base = `${endpoint.replace(/\/+$/, "")}/_proton-local`;
    this.token = options.token ?? process.env.PROTON_LOCAL_CONTROL_TOKEN;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    const sendsBody = method !== "GET";
    if (sendsBody) headers["content-type"] = "application/json";
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: sendsBody ? JSON.stringify(body ?? {}) : undefined,
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok)
      throw new Error(
        `proton-local control ${method} ${path}: ${res.status} ${json.error ?? res.statusText}`,
      );
    return json;
  }

  health() {
    return this.call<{ ok: boolean; endpoint: string }>("GET", "/health");
  }
  reset() {
    return this.call<{ ok: boolean }>("POST", "/reset");
  }
  state() {
    return this.call<{ clock: { now: number; offsetMs: number }; state: State }>("GET", "/state");
  }
  calls(options: { since?: number; operation?: string } = {}) {
    const q = new URLSearchParams();
    if (options.since) q.set("since", String(options.since));
    if (options.operation) q.set("operation", options.operation);
    const qs = q.toString();
    return this.call<{
      lastSeq: number;
      calls: CallRecord[];
      counts: Record<string, { total: number; ok: number; failed: number }>;
    }>("GET", `/calls${qs ? `?${qs}` : ""}`);
  }
  clearCalls() {
    return this.call<{ ok: boolean }>("DELETE", "/calls");
  }
  addFault(spec: FaultSpec) {
    return this.call<Fault>("POST", "/faults", spec);
  }
  faults() {
    return this.call<{ faults: Fault[]; frozen: Phase[] }>("GET", "/faults");
  }
  removeFault(id: string) {
    return this.call<{ ok: boolean }>("DELETE", `/faults/${encodeURIComponent(id)}`);
  }
  clearFaults() {
    return this.call<{ ok: boolean }>("DELETE", "/faults");
  }
  addLimit(spec: RateLimitSpec) {
    return this.call<RateLimit>("POST", "/limits", spec);
  }
  limits() {
    return this.call<{ limits: RateLimit[] }>("GET", "/limits");
  }
  clearLimits() {
    return this.call<{ ok: boolean }>("DELETE", "/limits");
  }
  freeze(phases?: Phase[]) {
    return this.call<{ frozen: Phase[] }>("POST", "/freeze", { phases });
  }
  thaw(phases?: Phase[]) {
    return this.call<{ frozen: Phase[] }>("POST", "/thaw", { phases });
  }
  clock() {
    return this.call<{ now: number; offsetMs: number }>("GET", "/clock");
  }
  advanceClock(advance: string | number) {
    return this.call<{ now: number; offsetMs: number }>("POST", "/clock", { advance });
  }
  durations() {
    return this.call<Durations>("GET", "/durations");
  }
  /** Plays the Git provider: `commitId` on `branch` of `repository`, with its whole tree (`files` or `folder`). */
  gitPush(push: GitPush) {
    return this.call<PushResult>("POST", "/git/push", push);
  }
  setDurations(durations: Partial<Record<keyof Durations, string | number>>) {
    return this.call<Durations>("PUT", "/durations", durations);
  }
  /** What a deployment rendered: by `deployment` id, or the latest of `environment`, `component`, `service`+`instance` or `service`+`pipeline: "true"`. */
  rendered(
    query: Partial<
      Record<"deployment" | "environment" | "component" | "service" | "instance" | "pipeline", string>
    >,
  ) {
    return this.call<ReturnType<typeof renderedFiles>>(
      "GET",
      `/rendered?${new URLSearchParams(query).toString()}`,
    );
  }
}
