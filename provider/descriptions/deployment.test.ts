import { expect } from "@jest/globals";
import { deployedInMs } from "./deployment";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const deployed = (from: number, to: number, deploymentStatus = "SUCCEEDED") => ({
  deploymentStatus,
  lastDeploymentAttemptedAt: at(from),
  lastDeploymentSucceededAt: at(to),
});

describe("deployedInMs: how long the last deployments took by Proton's timestamps", () => {
  it("is one deployment's start to end", () => {
    expect(deployedInMs([deployed(10, 40)])).toBe(30_000);
  });

  it("spans the last wave: instances and a pipeline deployed together, from the first start to the last end", () => {
    expect(deployedInMs([deployed(10, 38), deployed(11, 42), deployed(10, 35), undefined])).toBe(32_000);
  });

  it("leaves out earlier deployments: an update of one instance is that instance's time", () => {
    expect(deployedInMs([deployed(0, 30), deployed(100, 125)])).toBe(25_000);
  });

  it("is unknown while any is not succeeded, or without timestamps", () => {
    expect(deployedInMs([deployed(10, 40), deployed(10, 40, "FAILED")])).toBeUndefined();
    expect(deployedInMs([{ deploymentStatus: "SUCCEEDED" }])).toBeUndefined();
    expect(deployedInMs([])).toBeUndefined();
  });
});
