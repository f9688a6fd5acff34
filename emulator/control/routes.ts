import { parseDuration } from "../../common/duration";
import type { Backend, Durations, Phase } from "../service/backend";
import { PushError } from "../service/git";
import { RenderedQueryError, renderedFiles } from "../service/deployment-history";
import { progress } from "../service/index";
import { receivePush, type PushResult } from "../service/push";
import type { CallLog } from "./calls";
import type { Faults, FaultSpec, RateLimitSpec } from "./faults";
import { controlBodyProblem } from "./schemas";

// The control plane, served under CONTROL_PREFIX on the API port. JSON in, JSON out. Every body is
// checked against its route's schema (schemas.ts) before the route runs; who may call is guard.ts.
//   GET  /health                       liveness and the endpoint
//   POST /reset                        empty state, call log, faults, frozen phases and clock offset
//   GET  /state                        the whole state (after applying due async work)
//   GET  /calls?since=N&operation=Op   the call log and per-operation counts; DELETE clears it
//   GET|POST|DELETE /faults            list, add (FaultSpec) or clear faults (which re-seeds probabilistic
//                                      faults); DELETE /faults/<id> removes one
//   GET|POST|DELETE /limits            list, add ({operation?, tps, burst?}: a per-operation request rate, over
//                                      which calls are throttled) or clear rate limits
//   POST /freeze, /thaw                {phases?: ["registration","deployment","deletion","cancellation"]}
//   GET|POST /clock                    read, or {advance: "8h" | ms}
//   GET|PUT /durations                 async durations in ms (registrationMs, deploymentMs, deletionMs, cancellationMs)
//   POST /git/push                     a commit on a branch of a repository (see emulator/service/git.ts), then
//                                      the template syncs tracking that branch
//   GET  /rendered?environment=E | ?service=S&instance=I | ?service=S&pipeline=true | ?component=C
//        | ?deployment=ID              what a deployment rendered (the resource's latest unless an id is
//                                      given): files (Terraform: the provisioning-repository files), outputs
//                                      and provisioned resources

export const CONTROL_PREFIX = "/_proton-local";

export interface ControlContext {
  backend: Backend;
  calls: CallLog;
  faults: Faults;
  endpoint: () => string;
  persist: () => void;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

/** Reads a duration member; a typo must be an error, never a silent no-op. */
function durationOf(body: Body, key: string, example: string): number {
  const raw = body[key];
  const ms = typeof raw === "string" || typeof raw === "number" ? parseDuration(raw) : undefined;
  if (ms === undefined)
    throw new ControlError(400, `${key} must be a duration such as ${example} or milliseconds`);
  return ms;
}

/** Schema-checked: a list of known phases, or absent for all of them. */
const phasesOf = (body: Body) => body.phases as Phase[] | undefined;

export function handleControl(ctx: ControlContext, method: string, url: URL, input: unknown): unknown {
  const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "") || "/";
  const route = `${method} ${path}`;
  const problem = controlBodyProblem(route, input);
  if (problem) throw new ControlError(400, problem);
  const body = input as Body;
  const { backend, calls, faults } = ctx;
  switch (route) {
    case "GET /health":
      return { ok: true, endpoint: ctx.endpoint() };
    case "POST /reset":
      backend.reset();
      backend.clock.offsetMs = 0;
      calls.clear();
      faults.clear();
      faults.clearLimits();
      ctx.persist();
      return { ok: true };
    case "GET /state":
      progress(backend);
      return { clock: { now: backend.now(), offsetMs: backend.clock.offsetMs }, state: backend.state };
    case "GET /calls": {
      const since = Number(url.searchParams.get("since") ?? 0);
      const operation = url.searchParams.get("operation") ?? undefined;
      return { lastSeq: calls.lastSeq, calls: calls.list(since, operation), counts: calls.counts(since) };
    }
    case "DELETE /calls":
      calls.clear();
      return { ok: true };
    case "GET /faults":
      return { faults: faults.list(), frozen: faults.frozenPhases() };
    case "POST /faults":
      try {
        return faults.add(body as unknown as FaultSpec);
      } catch (e) {
        throw new ControlError(400, (e as Error).message);
      }
    case "DELETE /faults":
      faults.clear();
      return { ok: true };
    case "GET /limits":
      return { limits: faults.listLimits() };
    case "POST /limits":
      try {
        return faults.addLimit(body as unknown as RateLimitSpec);
      } catch (e) {
        throw new ControlError(400, (e as Error).message);
      }
    case "DELETE /limits":
      faults.clearLimits();
      return { ok: true };
    case "POST /freeze":
      faults.freeze(phasesOf(body));
      return { frozen: faults.frozenPhases() };
    case "POST /thaw":
      faults.thaw(phasesOf(body));
      return { frozen: faults.frozenPhases() };
    case "GET /clock":
      return { now: backend.now(), offsetMs: backend.clock.offsetMs };
    case "POST /clock": {
      backend.clock.advance(durationOf(body, "advance", '"8h"'));
      ctx.persist();
      return { now: backend.now(), offsetMs: backend.clock.offsetMs };
    }
    case "POST /git/push": {
      progress(backend);
      let result: PushResult;
      try {
        result = receivePush(backend, body);
      } catch (e) {
        if (e instanceof PushError) throw new ControlError(400, e.message);
        throw e;
      }
      ctx.persist();
      return result;
    }
    case "GET /rendered":
      progress(backend);
      try {
        return renderedFiles(backend, Object.fromEntries(url.searchParams));
      } catch (e) {
        throw new ControlError(e instanceof RenderedQueryError ? 400 : 404, (e as Error).message);
      }
    case "GET /durations":
      return backend.options.durations;
    case "PUT /durations": {
      // Schema-checked: only known duration names.
      const durations = backend.options.durations;
      const next = { ...durations };
      for (const key of Object.keys(body) as (keyof Durations)[]) next[key] = durationOf(body, key, '"2s"');
      Object.assign(durations, next);
      return durations;
    }
  }
  if (method === "DELETE" && path.startsWith("/faults/")) {
    if (!faults.remove(path.slice("/faults/".length))) throw new ControlError(404, "no such fault");
    return { ok: true };
  }
  throw new ControlError(404, `no control route ${route}`);
}
