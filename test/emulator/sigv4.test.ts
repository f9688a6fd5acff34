import { expect } from "@jest/globals";
import { request } from "node:http";
import { GetEnvironmentTemplateCommand } from "@aws-sdk/client-proton";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { seeded } from "../../emulator/control/faults";
import { CREDENTIALS, REGION, expectError, uniq, useHarness } from "./helpers";

// SigV4 details the AWS front door enforces: header names are data (never object members), `host` must be
// signed, and the signature covers the raw body bytes, so a correctly signed body that is not UTF-8 is a
// SerializationException rather than a signature mismatch.

const h = useHarness();
const SIGNATURE_ERRORS = ["IncompleteSignatureException", "InvalidSignatureException"];

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Sends POST / with exactly these headers and body bytes (node:http keeps odd header names as given). */
function send(headers: Record<string, string>, body: Buffer): Promise<Answer> {
  const url = new URL(h.local.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: "POST", path: "/", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Signs with @smithy/signature-v4 over the raw body bytes; `unsigned` headers are sent but left out of the signature. */
async function signed(target: string, body: Buffer, options: { unsigned?: string[] } = {}) {
  const url = new URL(h.local.endpoint);
  const signer = new SignatureV4({
    credentials: CREDENTIALS,
    region: REGION,
    service: "proton",
    sha256: Sha256,
    applyChecksum: false,
  });
  const { headers } = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: "/",
      headers: { host: url.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
      body,
    },
    { unsignableHeaders: new Set(options.unsigned ?? []) },
  );
  return headers as Record<string, string>;
}

/** An Authorization header naming `signedHeaders`, with a well-formed but wrong signature. */
const forgedAuth = (signedHeaders: string) =>
  `AWS4-HMAC-SHA256 Credential=test/${new Date().toISOString().slice(0, 10).replace(/-/g, "")}/${REGION}/proton/aws4_request, SignedHeaders=${signedHeaders}, Signature=${"0".repeat(64)}`;

const amzDate = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");

describe("signed header names", () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).map((n) => n.toLowerCase());

  test.each(prototypeNames)("SignedHeaders naming '%s' is a signature error, never a 500", async (name) => {
    const answer = await send(
      {
        authorization: forgedAuth([name, "host", "x-amz-date"].sort().join(";")),
        "x-amz-date": amzDate(),
        "x-amz-target": "AwsProton20200720.ListServices",
        "content-type": "application/x-amz-json-1.0",
      },
      Buffer.from("{}"),
    );
    expect(SIGNATURE_ERRORS).toContain(answer.body.__type);
    expect([400, 403]).toContain(answer.status);
  });

  test("fuzzed header names, sent and signed, never make the server fail", async () => {
    const random = seeded(12);
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_!#$%&'*+.^`|~";
    const names = [...prototypeNames, "__proto__", "constructor", "prototype", "host", "x-amz-date"];
    for (let i = 0; i < 200; i++) {
      const length = 1 + Math.floor(random() * 20);
      names.push(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(""));
    }
    for (let i = 0; i < 100; i++) {
      const picked = Array.from(
        { length: 1 + Math.floor(random() * 4) },
        () => names[Math.floor(random() * names.length)],
      );
      const headers: Record<string, string> = {
        authorization: forgedAuth([...picked, "host"].join(";")),
        "x-amz-date": amzDate(),
        "x-amz-target": "AwsProton20200720.ListServices",
        "content-type": "application/x-amz-json-1.0",
      };
      for (const name of picked) if (!(name in headers) && random() < 0.5) headers[name] = "x";
      const answer = await send(headers, Buffer.from("{}"));
      expect({ picked, type: answer.body.__type, ok: [400, 403].includes(answer.status) }).toEqual({
        picked,
        type: expect.stringMatching(/^(IncompleteSignatureException|InvalidSignatureException)$/),
        ok: true,
      });
    }
  });
});

describe("what the signature must cover", () => {
  test("a request whose SignedHeaders leave out host is refused", async () => {
    const name = uniq("nohost");
    const body = Buffer.from(JSON.stringify({ name }));
    const headers = await signed("AwsProton20200720.CreateEnvironmentTemplate", body, { unsigned: ["host"] });
    expect(headers.authorization).not.toMatch(/SignedHeaders=[^,]*host/);
    const answer = await send(headers, body);
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      __type: "InvalidSignatureException",
      message: expect.stringMatching(/'Host'.*SignedHeader/),
    });
    await expectError(
      h.client.send(new GetEnvironmentTemplateCommand({ name })),
      "ResourceNotFoundException",
    );
  });

  test("the same request with host signed is accepted", async () => {
    const name = uniq("withhost");
    const body = Buffer.from(JSON.stringify({ name }));
    const answer = await send(await signed("AwsProton20200720.CreateEnvironmentTemplate", body), body);
    expect(answer.status).toBe(200);
  });

  test.each([
    ["a lone continuation byte", Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d])],
    ["an overlong encoding", Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])],
    ["a truncated sequence", Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d])],
  ])("a correctly signed body with invalid UTF-8 (%s) is a SerializationException", async (_, body) => {
    const answer = await send(await signed("AwsProton20200720.ListServices", body), body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      __type: "SerializationException",
      message: expect.stringMatching(/UTF-8/),
    });
  });

  test("a tampered body with invalid UTF-8 is still a signature error first", async () => {
    const body = Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]);
    const headers = await signed("AwsProton20200720.ListServices", body);
    const answer = await send(headers, Buffer.from([...body.subarray(0, -1), 0x81, 0x7d]));
    expect(answer.body.__type).toBe("InvalidSignatureException");
  });
});
