import { expect } from "@jest/globals";
import type { EnvironmentTemplateVersion } from "@aws-sdk/client-proton";
import { environmentTemplateVersion } from "./templateVersion";

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const version = (status: string, created: number, modified: number) =>
  ({
    templateName: "shared-vpc",
    majorVersion: "1",
    minorVersion: "0",
    arn: "arn:aws:proton:us-east-1:000000000000:environment-template/shared-vpc:1.0",
    status,
    createdAt: at(created),
    lastModifiedAt: at(modified),
  }) as EnvironmentTemplateVersion;

describe("a template version's registration time", () => {
  const tookMs = (live: EnvironmentTemplateVersion) => environmentTemplateVersion.tookMs!(live);

  it("is Proton's: from the version's creation to its last change, which registering it was", () => {
    expect(tookMs(version("DRAFT", 10, 17))).toBe(7000);
  });

  it("is not known while it registers, nor once a later change (publishing) moved its last change", () => {
    expect(tookMs(version("REGISTRATION_IN_PROGRESS", 10, 10))).toBeUndefined();
    expect(tookMs(version("PUBLISHED", 10, 40))).toBeUndefined();
  });
});
