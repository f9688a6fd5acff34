import { filesUnder } from "./state-files";
import { protonResources, recorder, startE2E, NO_RESOURCES, stateCounts, type E2E } from "./harness";
import { byName, found, isCiphertext, KEYS, PLAIN, printed, secretSpecStack } from "./secret-spec-stack";

// Credentials and secret specs through the real CLI: the key pair the provider signs with never reaches
// the state, and a spec given as pulumi.secret stays ciphertext wherever the state holds it, through
// create, update and refresh. The tests run in order on one stack.

/** The values the spec change moves to. */
const NEXT = { cidr: "10.213.78.0/24", password: "instance-pw-rotated-0b7a" };
const ALL_PLAIN = [...Object.values(PLAIN), ...Object.values(NEXT)];

const { model, program } = secretSpecStack();
let e: E2E;
beforeAll(async () => {
  e = await startE2E("security", program, { credentials: KEYS });
}, 120_000);
afterAll(async () => {
  await e?.close();
});

test("up signs with the configured keys, and neither key is in the state: export, __provider, files", async () => {
  const result = await e.stack.up({ color: "never" });
  expect(result.summary.result).toBe("succeeded");

  const secrets = [KEYS.accessKeyId, KEYS.secretAccessKey];
  const shown = await e.exportState(true);
  expect(found(JSON.stringify(shown), secrets)).toEqual([]);
  const resources = protonResources(shown.deployment.resources);
  expect(resources).toHaveLength(6);
  for (const r of resources) {
    for (const props of [r.inputs, r.outputs]) {
      const provider = String(props?.__provider);
      expect(provider).toContain("pulumi-proton/runtime");
      expect(found(provider, [...secrets, "accessKeyId", "secretAccessKey", "credentials"])).toEqual([]);
    }
  }
  const files = filesUnder(e.stateDir);
  expect(files.some((f) => f.path.endsWith("security.json"))).toBe(true);
  expect(files.filter((f) => found(f.text, secrets).length).map((f) => f.path)).toEqual([]);
  expect(filesUnder(e.workDir).filter((f) => found(f.text, secrets).length)).toEqual([]);
});

test("a spec given as pulumi.secret is ciphertext in the state's inputs and outputs and nowhere in plain text", async () => {
  const state = await e.exportState(false);
  for (const name of ["dev", "web"]) {
    const r = byName(state.deployment.resources, name);
    expect(isCiphertext(r.inputs?.spec)).toBe(true);
    expect(isCiphertext(r.outputs?.spec)).toBe(true);
  }
  const plain = Object.values(PLAIN);
  expect(found(JSON.stringify(state), plain)).toEqual([]);
  expect(
    filesUnder(e.stateDir)
      .filter((f) => found(f.text, plain).length)
      .map((f) => f.path),
  ).toEqual([]);

  // With the secrets shown, the same places hold the plaintext: the check above was not vacuous.
  const shown = await e.exportState(true);
  expect(found(JSON.stringify(byName(shown.deployment.resources, "web").outputs?.spec), plain)).toEqual([
    PLAIN.password,
    PLAIN.buildCmd,
  ]);
});

test("stack outputs derived from a secret spec are secret; the instances output echoes no spec", async () => {
  const outputs = await e.stack.outputs();
  expect(outputs.devSpec.secret).toBe(true);
  expect(outputs.webSpec.secret).toBe(true);
  expect(outputs.devCidr).toEqual({ value: PLAIN.cidr, secret: true });
  expect(found(JSON.stringify(outputs.instances.value), Object.values(PLAIN))).toEqual([]);
  expect(outputs.instances.value).toEqual([
    expect.objectContaining({ name: "web-dev", environmentName: "dev", deploymentStatus: "SUCCEEDED" }),
  ]);
});

test("a secret spec change: preview --diff prints [secret], and the update keeps the spec ciphertext", async () => {
  model.cidr = NEXT.cidr;
  model.password = NEXT.password;
  const preview = await e.stack.preview({ diff: true, color: "never" });
  expect(preview.changeSummary).toEqual({ same: 5, update: 2 });
  expect(preview.stdout).toContain("spec                : [secret]");
  expect(found(preview.stdout, ALL_PLAIN)).toEqual([]);

  await e.mark();
  const r = recorder();
  const up = await e.stack.up({ color: "never", onEvent: r.onEvent, onOutput: r.onOutput });
  expect(up.summary.resourceChanges).toEqual({ same: 5, update: 2 });
  expect(found(up.stdout + printed(r.run), ALL_PLAIN)).toEqual([]);
  const calls = await e.callsSinceMark();
  const mutating = calls.filter((c) => c.mutating);
  expect(mutating.map((c) => c.operation).sort()).toEqual(["UpdateEnvironment", "UpdateServiceInstance"]);
  // The instance update's client token derives from the new spec, as a hash: no spec text in the log.
  const instanceUpdate = mutating.find((c) => c.operation === "UpdateServiceInstance")!;
  expect(instanceUpdate.target?.clientToken).toMatch(/^pulumi-proton-[0-9a-f]{48}$/);
  expect(found(JSON.stringify(calls), ALL_PLAIN)).toEqual([]);
  const { state } = await e.control.state();
  expect(state.environments.dev.spec).toContain(NEXT.cidr);

  const exported = await e.exportState(false);
  for (const name of ["dev", "web"]) {
    const res = byName(exported.deployment.resources, name);
    expect([isCiphertext(res.inputs?.spec), isCiphertext(res.outputs?.spec)]).toEqual([true, true]);
  }
  expect(filesUnder(e.stateDir).filter((f) => found(f.text, ALL_PLAIN).length)).toEqual([]);
  expect((await e.stack.outputs()).devCidr).toEqual({ value: NEXT.cidr, secret: true });
});

test("refresh reads the live specs back and keeps them secret", async () => {
  const result = await e.stack.refresh({ color: "never" });
  expect(result.summary.resourceChanges).toEqual({ same: 7 });
  const exported = await e.exportState(false);
  for (const name of ["dev", "web"]) {
    const res = byName(exported.deployment.resources, name);
    expect([isCiphertext(res.inputs?.spec), isCiphertext(res.outputs?.spec)]).toEqual([true, true]);
  }
  expect(filesUnder(e.stateDir).filter((f) => found(f.text, ALL_PLAIN).length)).toEqual([]);
});

test("destroy with the right keys removes everything", async () => {
  const result = await e.stack.destroy({ color: "never" });
  expect(result.summary.result).toBe("succeeded");
  expect(await stateCounts(e.control)).toEqual(NO_RESOURCES);
});
