"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.verifySignature = verifySignature;
const node_crypto_1 = require("node:crypto");
const signature_v4_1 = require("@smithy/signature-v4");
const errors_1 = require("./errors");
const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const MAX_SKEW_MS = 15 * 60 * 1000;
/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape the signer expects. */
class NodeSha256 {
    secret;
    hash;
    constructor(secret) {
        this.secret = secret;
        this.hash = this.fresh();
    }
    fresh() {
        if (this.secret === undefined)
            return (0, node_crypto_1.createHash)("sha256");
        const key = typeof this.secret === "string"
            ? this.secret
            : ArrayBuffer.isView(this.secret)
                ? Buffer.from(this.secret.buffer, this.secret.byteOffset, this.secret.byteLength)
                : Buffer.from(this.secret);
        return (0, node_crypto_1.createHmac)("sha256", key);
    }
    update(data) {
        this.hash.update(data);
    }
    digest() {
        return Promise.resolve(new Uint8Array(this.hash.digest()));
    }
    reset() {
        this.hash = this.fresh();
    }
}
const CONTENT_SHA256 = "x-amz-content-sha256";
function parseAmzDate(value) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    if (!m)
        return undefined;
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}
async function verifySignature(req, 
/** Hex SHA-256 of the raw body bytes. */
bodySha256, credentials) {
    const header = req.headers.authorization;
    if (!header)
        throw new errors_1.ProtonError("MissingAuthenticationTokenException", "Missing Authentication Token");
    const m = AUTH.exec(header);
    if (!m)
        throw new errors_1.ProtonError("IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters");
    const [, accessKeyId, scopeDate, region, service, signedHeaderList, signature] = m;
    const creds = credentials.find((c) => c.accessKeyId === accessKeyId);
    if (!creds)
        throw new errors_1.ProtonError("UnrecognizedClientException", "The security token included in the request is invalid.");
    if (service !== "proton")
        throw new errors_1.ProtonError("InvalidSignatureException", `Credential should be scoped to correct service: 'proton'.`);
    const signed = signedHeaderList.split(";");
    if (!signed.includes("host"))
        throw new errors_1.ProtonError("InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    const amzDate = String(req.headers["x-amz-date"] ?? "");
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate || !amzDate.startsWith(scopeDate))
        throw new errors_1.ProtonError("IncompleteSignatureException", "X-Amz-Date must be present and match the credential scope date");
    if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS)
        throw new errors_1.ProtonError("InvalidSignatureException", `Signature expired: ${amzDate} is now earlier or later than the allowed 15 minute window.`);
    const declaredHash = req.headers[CONTENT_SHA256];
    if (typeof declaredHash === "string" && declaredHash !== bodySha256)
        throw new errors_1.ProtonError("InvalidSignatureException", "The provided x-amz-content-sha256 header does not match the body.");
    // A null-prototype object: a header named __proto__ or constructor is an ordinary key here.
    const headers = Object.create(null);
    for (const name of signed) {
        const value = Object.hasOwn(req.headers, name) ? req.headers[name] : undefined;
        if (value === undefined)
            throw new errors_1.ProtonError("InvalidSignatureException", `Signed header '${name}' is missing.`);
        headers[name] = Array.isArray(value) ? value.join(",") : value;
    }
    // The signer takes the payload hash from this header; when the client did not sign it, it is
    // marked unsignable so it stays out of the canonical headers.
    const unsignableHeaders = new Set();
    if (!Object.hasOwn(headers, CONTENT_SHA256)) {
        headers[CONTENT_SHA256] = bodySha256;
        unsignableHeaders.add(CONTENT_SHA256);
    }
    const url = new URL(req.url, "http://placeholder");
    // applyChecksum off: recompute over exactly the headers the client signed. Clients that leave
    // x-amz-content-sha256 out (most SDKs do for JSON services) must not get it added here.
    const signer = new signature_v4_1.SignatureV4({
        credentials: creds,
        region,
        service: "proton",
        sha256: NodeSha256,
        uriEscapePath: true,
        applyChecksum: false,
    });
    const expected = await signer.sign({
        method: req.method,
        protocol: "http:",
        hostname: headers.host,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
    }, { signingDate, signableHeaders: new Set(signed), unsignableHeaders });
    const expectedSignature = /Signature=([0-9a-f]{64})/.exec(String(expected.headers.authorization))?.[1] ?? "";
    const ok = expectedSignature.length === signature.length &&
        (0, node_crypto_1.timingSafeEqual)(Buffer.from(expectedSignature), Buffer.from(signature));
    if (!ok)
        throw new errors_1.ProtonError("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    return { region, accessKeyId };
}
