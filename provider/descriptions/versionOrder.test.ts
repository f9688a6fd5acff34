import { deleteRefusal, deletionOrder, refusalMessage, type TemplateVersions } from "./versionOrder";

// Proton's delete rules for template versions (a major's recommended minor last, the template's
// recommended version last of all), as the provider reads them from the listed versions.

const version = (label: string, recommendedMinorVersion?: string) => {
  const [majorVersion, minorVersion] = label.split(".");
  return { majorVersion, minorVersion, recommendedMinorVersion };
};

/** Majors 1 (1.0, 1.1 recommended, 1.2 draft) and 2 (2.0, the template's recommended version). */
const TWO_MAJORS: TemplateVersions = {
  recommendedVersion: "2.0",
  versions: [version("1.0", "1"), version("1.1", "1"), version("1.2", "1"), version("2.0", "0")],
};

test("a non-recommended minor can always be deleted", () => {
  expect(deleteRefusal(TWO_MAJORS, "1", "0")).toBeUndefined();
  expect(deleteRefusal(TWO_MAJORS, "1", "2")).toBeUndefined();
});

test("a major's recommended minor waits for the other minors of its major", () => {
  expect(deleteRefusal(TWO_MAJORS, "1", "1")).toEqual({
    rule: "it is the recommended minor version of major 1",
    blockers: ["1.0", "1.2"],
  });
  const alone = { recommendedVersion: "2.0", versions: [version("1.1", "1"), version("2.0", "0")] };
  expect(deleteRefusal(alone, "1", "1")).toBeUndefined();
});

test("the template's recommended version waits for its major's other minors, then for every other version", () => {
  const twoMinors = {
    ...TWO_MAJORS,
    recommendedVersion: "2.1",
    versions: [
      ...TWO_MAJORS.versions.map((v) =>
        v.majorVersion === "2" ? { ...v, recommendedMinorVersion: "1" } : v,
      ),
      version("2.1", "1"),
    ],
  };
  expect(deleteRefusal(twoMinors, "2", "1")).toEqual({
    rule: "it is the recommended minor version of major 2",
    blockers: ["2.0"],
  });
  expect(deleteRefusal(TWO_MAJORS, "2", "0")).toEqual({
    rule: "it is the template's recommended version",
    blockers: ["1.0", "1.1", "1.2"],
  });
  expect(
    deleteRefusal({ recommendedVersion: "2.0", versions: [version("2.0", "0")] }, "2", "0"),
  ).toBeUndefined();
});

test("a version already gone is not refused", () => {
  expect(deleteRefusal(TWO_MAJORS, "3", "0")).toBeUndefined();
});

test("the deletion order passes every rule, one version at a time", () => {
  const order = deletionOrder(TWO_MAJORS);
  expect(order.map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual(["1.0", "1.2", "1.1", "2.0"]);
  let left = TWO_MAJORS.versions;
  for (const v of order) {
    expect(deleteRefusal({ ...TWO_MAJORS, versions: left }, v.majorVersion, v.minorVersion)).toBeUndefined();
    left = left.filter((x) => x !== v);
  }
});

test("majors with no published minor and templates with no recommended version are ordered too", () => {
  const drafts: TemplateVersions = { versions: [version("1.1"), version("1.0"), version("2.0")] };
  expect(deletionOrder(drafts).map((v) => `${v.majorVersion}.${v.minorVersion}`)).toEqual([
    "1.0",
    "1.1",
    "2.0",
  ]);
});

test("the refusal message names the version, what blocks it, the rule and both ways out", () => {
  const refusal = deleteRefusal(TWO_MAJORS, "1", "1");
  expect(refusalMessage("acme-api", "1.1", refusal!)).toBe(
    "Proton refuses to delete acme-api:1.1 while 1.0, 1.2 exist: it is the recommended minor version of " +
      "major 1, which Proton deletes last. To delete the whole template, give its versions " +
      "`template: <the template resource>` instead of `templateName`: they are then deleted with the " +
      "template, in the order Proton allows. To remove only 1.1, first add a newer minor version (1.1 is " +
      "then no longer recommended), or remove 1.0, 1.2 in an earlier `pulumi up`.",
  );
});
