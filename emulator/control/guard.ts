import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

// Who may talk to proton-local. By default it listens on loopback only, and:
//  - every request must name a loopback Host (localhost, *.localhost, 127.0.0.0/8, ::1), so a web page
//    that rebinds its own DNS name to 127.0.0.1 is refused (DNS rebinding);
//  - control-plane requests must not carry an Origin (browsers add one to every cross-site request, and
//    no tool that drives proton-local sends one), and any request with a body must send it as
//    application/json — a content type a page can only send after a CORS preflight, which proton-local
//    never grants;
//  - when a control token is set, control-plane requests must carry `Authorization: Bearer <token>`.
// Bound beyond loopback on purpose (--host 0.0.0.0), any Host is served and a control token is required.

export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whether a bind address or a Host name stays on this machine. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (isIP(name) === 4) return name.startsWith("127.");
  if (isIP(name) === 6) return name === "::1" || /^::ffff:127\./.test(name);
  return false;
}

/** The host name in a Host header (`name:port`, `[v6]:port`), or undefined when it is malformed. */
function hostName(header: string): string | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header);
  return m?.[1];
}

const digest = (s: string) => createHash("sha256").update(s).digest();

export interface GuardOptions {
  /** Refuse non-loopback Host names (true when bound to a loopback address). */
  loopbackOnly: boolean;
  controlToken?: string;
}

/** Throws a Refusal unless the Host header is acceptable (every request, API and control plane). */
export function checkHost(headers: IncomingHttpHeaders, options: GuardOptions): void {
  if (!options.loopbackOnly) return;
  const name = hostName(headers.host ?? "");
  if (!name || !isLoopback(name))
    throw new Refusal(
      403,
      `Host '${headers.host ?? ""}' is not a loopback name: proton-local listens on loopback and refuses other Host names (DNS rebinding); bind with --host to serve other names`,
    );
}

/** Throws a Refusal unless a control-plane request may go on. */
export function checkControl(
  method: string,
  headers: IncomingHttpHeaders,
  hasBody: boolean,
  options: GuardOptions,
): void {
  if (headers.origin !== undefined)
    throw new Refusal(
      403,
      `requests carrying an Origin header (${headers.origin}) are refused: web pages may not drive the control plane`,
    );
  if (options.controlToken !== undefined) {
    const given = /^Bearer (\S+)$/.exec(headers.authorization ?? "")?.[1] ?? "";
    if (!timingSafeEqual(digest(given), digest(options.controlToken)))
      throw new Refusal(401, "the control plane needs its token: Authorization: Bearer <control token>");
  }
  const contentType = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if ((method !== "GET" || hasBody) && contentType !== "application/json")
    throw new Refusal(
      415,
      `control-plane ${method} requests must send Content-Type: application/json (got '${contentType}')`,
    );
}
