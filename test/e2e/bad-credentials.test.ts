import { CreateEnvironmentTemplateCommand, ProtonClient } from "@aws-sdk/client-proton";
import { MAX_ATTEMPTS } from "../../provider/engine/client";
import { diagnostics, nameOf, protonResources, recorder, startE2E, stateCounts, type E2E } from "./harness";
import { byName, KEYS, secretSpecStack } from "./secret-spec-stack";
import { failedSteps } from "./small-stack";

// Bad credentials: proton-local turns away unsigned and wrongly signed requests the way AWS does, and the
// provider, run by the real CLI with wrong or no keys, fails `up` after a single call with an error that
// names the resource, without recording a refused update as done.

const { model, program } = secretSpecStack();
let e: E2E;
beforeAll(async () => {
  e = await startE2E("bad-credentials", program, { credentials: KEYS });
  await e.stack.up({ color: "never" });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

test("proton-local answers an unsigned request with AWS's MissingAuthenticationTokenException shape", async () => {
  await e.mark();
  const res = await fetch(`${e.local.endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "AwsProton20200720.CreateEnvironmentTemplate",
    },
    body: JSON.stringify({ name: "unsigned" }),
  });
  expect(res.status).toBe(403);
  expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
  expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  expect(await res.json()).toEqual({
    __type: "MissingAuthenticationTokenException",
    message: "Missing Authentication Token",
  });
  expect(await e.callsSinceMark()).toEqual([
    expect.objectContaining({
      operation: "CreateEnvironmentTemplate",
      status: 403,
      error: "MissingAuthenticationTokenException",
    }),
  ]);
  expect(await stateCounts(e.control)).toMatchObject({ templates: 2 });
});

const WRONG_KEYS = [
  {
    what: "a wrong secret key",
    credentials: { ...KEYS, secretAccessKey: "not-the-secret" },
    type: "InvalidSignatureException",
  },
  {
    what: "an unknown access key id",
    credentials: { ...KEYS, accessKeyId: "AKIAUNKNOWNKEY000000" },
    type: "UnrecognizedClientException",
  },
];

test.each(WRONG_KEYS)(
  "the SDK signing with $what gets $type (403) on its first attempt, with the provider's retry settings",
  async ({ credentials, type }) => {
    await e.mark();
    const client = new ProtonClient({
      region: "us-east-1",
      endpoint: e.local.endpoint,
      credentials,
      retryMode: "adaptive",
      maxAttempts: MAX_ATTEMPTS,
    });
    const error = await client
      .send(new CreateEnvironmentTemplateCommand({ name: "wrong-keys" }))
      .catch((x: unknown) => x);
    client.destroy();
    expect(error).toMatchObject({
      name: type,
      $fault: "client",
      $metadata: { httpStatusCode: 403, attempts: 1 },
    });
    expect(await e.callsSinceMark()).toEqual([
      expect.objectContaining({ operation: "CreateEnvironmentTemplate", status: 403, error: type }),
    ]);
    expect(await stateCounts(e.control)).toMatchObject({ templates: 2 });
  },
);

test.each(WRONG_KEYS)(
  "up with $what fails at once with $type, naming the resource, after one call, creating nothing",
  async ({ credentials, type }) => {
    model.extraTemplate = true;
    e.useCredentials(credentials);
    try {
      await e.mark();
      const r = recorder();
      const error = await e.stack
        .up({ color: "never", onEvent: r.onEvent, onOutput: r.onOutput })
        .catch((x: Error) => x);
      expect(error).toBeInstanceOf(Error);
      expect(failedSteps(r.run)).toEqual(["extra"]);
      expect(diagnostics(r.run, "error")).toContain(
        `environment template 'extra': access denied while trying to read it (${type}: `,
      );
      expect(await e.callsSinceMark()).toEqual([
        expect.objectContaining({ operation: "GetEnvironmentTemplate", status: 403, error: type }),
      ]);
      const resources = (await e.exportState(false)).deployment.resources;
      expect(protonResources(resources).map((res) => nameOf(res.urn))).not.toContain("extra");
    } finally {
      model.extraTemplate = false;
      e.useCredentials(KEYS);
    }
  },
);

test("up with no credentials at all says so, naming the resource, and sends nothing", async () => {
  model.extraTemplate = true;
  e.useCredentials("none");
  try {
    await e.mark();
    const r = recorder();
    await expect(e.stack.up({ color: "never", onEvent: r.onEvent, onOutput: r.onOutput })).rejects.toThrow();
    expect(diagnostics(r.run, "error")).toContain(
      "environment template 'extra': no AWS credentials to read it with (Could not load credentials from any providers)",
    );
    expect(await e.callsSinceMark()).toEqual([]);
  } finally {
    model.extraTemplate = false;
    e.useCredentials(KEYS);
  }
});

const REFUSALS = [
  {
    refusal: "a wrong secret key (the first read is refused)",
    cidr: "10.213.79.0/24",
    refuse: () => Promise.resolve(e.useCredentials({ ...KEYS, secretAccessKey: "not-the-secret" })),
    message: "environment 'dev': access denied while trying to read it (InvalidSignatureException: ",
  },
  {
    refusal: "AccessDeniedException on UpdateEnvironment (reads allowed)",
    cidr: "10.213.80.0/24",
    refuse: async () => {
      await e.control.addFault({
        kind: "error",
        operation: "UpdateEnvironment",
        errorType: "AccessDeniedException",
        message: "User is not authorized to perform: proton:UpdateEnvironment",
        count: 1,
      });
    },
    message:
      "environment 'dev': access denied while trying to update it (AccessDeniedException: User is not authorized",
  },
];

test.each(REFUSALS)(
  "an update refused by $refusal names the resource and is not recorded as done: the next up applies it",
  async ({ cidr, refuse, message }) => {
    const before = byName((await e.exportState(true)).deployment.resources, "dev").outputs!;
    model.cidr = cidr;
    await refuse();
    const r = recorder();
    await expect(e.stack.up({ color: "never", onEvent: r.onEvent, onOutput: r.onOutput })).rejects.toThrow();
    e.useCredentials(KEYS);
    expect(diagnostics(r.run, "error")).toContain(message);
    const after = byName((await e.exportState(true)).deployment.resources, "dev").outputs!;
    // Nothing changed in Proton, so the state still holds what is deployed: the old spec, arn and status.
    for (const key of ["spec", "arn", "deploymentStatus", "lastSucceededDeploymentId"])
      expect([key, after[key]]).toEqual([key, before[key]]);

    await e.mark();
    const up = await e.stack.up({ color: "never" });
    expect(up.summary.resourceChanges).toEqual({ same: 6, update: 1 });
    const mutating = (await e.callsSinceMark()).filter((c) => c.mutating);
    expect(mutating.map((c) => c.operation)).toEqual(["UpdateEnvironment"]);
    const { state } = await e.control.state();
    expect(state.environments.dev.spec).toContain(cidr);
  },
);
