import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import { ProtonError } from "./errors";

// Verifies AWS Signature Version 4 the way the AWS front door does: the signature is recomputed with
// the configured secret over the headers the client signed, and every failure gets AWS's error type.
// Header names are data: they are looked up as own properties only, so `SignedHeaders=constructor`
// is just a missing header. The body is never hashed here: the caller hashes the raw bytes as they
// arrive (see body.ts) and passes the digest in.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60 * 1000;

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape the signer expects. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash("sha256");
    const key =
      typeof this.secret === "string"
        ? this.secret
        : ArrayBuffer.isView(this.secret)
          ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
          : Buffer.from(this.secret);
    return createHmac("sha256", key);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

const CONTENT_SHA256 = "x-amz-content-sha256";

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

export async function verifySignature(
  req: { method: string; url: string; headers: IncomingHttpHeaders },
  /** Hex SHA-256 of the raw body bytes. */
  bodySha256: string,
  credentials: Credentials[],
): Promise<{ region: string; accessKeyId: string }> {
  const header = req.headers.authorization;
  if (!header) throw new ProtonError("MissingAuthenticationTokenException", "Missing Authentication Token");
  const m = AUTH.exec(header);
  if (!m)
    throw new ProtonError(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters",
    );
  const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m;
  const creds = credentials.find((c) => c.accessKeyId === accessKeyId);
  if (!creds)
    throw new ProtonError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    );
  if (service !== "proton")
    throw new ProtonError(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: 'proton'.`,
    );
  const signed = signedHeaderList.split(";");
  if (!signed.includes("host"))
    throw new ProtonError(
      "InvalidSignatureException",
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate.startsWith(scopeDate))
    throw new ProtonError(
      "IncompleteSignatureException",
      "X-Amz-Date must be present and match the credential scope date",
    );
  if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS)
    throw new ProtonError(
      "InvalidSignatureException",
      `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minute window.`,
    );
  const declaredHash = req.headers[CONTENT_SHA256];
  if (typeof declaredHash === "string" && declaredHash !== bodySha256)
    throw new ProtonError(
      "InvalidSignatureException",
      "The provided x-amz-content-sha256 header does not match the body.",
    );

  // A null-prototype object: a header named __proto__ or constructor is an ordinary key here.
  const headers = Object.create(null) as Record<string, string>;
  for (const name of signed) {
    const value = Object.hasOwn(req.headers, name) ? req.headers[name] : undefined;
    if (value === undefined)
      throw new ProtonError("InvalidSignatureException", `Signed header '${name}' is missing.`);
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  // The signer takes the payload hash from this header; when the client did not sign it, it is
  // marked unsignable so it stays out of the canonical headers.
  const unsignableHeaders = new Set<string>();
  if (!Object.hasOwn(headers, CONTENT_SHA256)) {
    headers[CONTENT_SHA256] = bodySha256;
    unsignableHeaders.add(CONTENT_SHA256);
  }
  const url = new URL(req.url, "http://placeholder");
  // applyChecksum off: recompute over exactly the headers the client signed. Clients that leave
  // x-amz-content-sha256 out (most SDKs do for JSON services) must not get it added here.
  const signer = new SignatureV4({
    credentials: creds,
    region,
    service: "proton",
    sha256: NodeSha256,
    uriEscapePath: true,
    applyChecksum: false,
  });
  const expected = await signer.sign(
    {
      method: req.method,
      protocol: "http:",
      hostname: headers.host,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
    },
    { signingDate, signableHeaders: new Set(signed), unsignableHeaders },
  );
  const expectedSignature =
    /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization))?.[1] ?? "";
  const ok =
    expectedSignature.length === signature.length &&
    timingSafeEqual(Buffer.from(expectedSignature), Buffer.from(signature));
  if (!ok)
    throw new ProtonError(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
    );
  return { region, accessKeyId };
}
