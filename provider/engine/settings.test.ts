import { positiveSetting, settingProblems, wholeSetting } from "./settings";

describe("settings", () => {
  it("reads a positive number, else nothing (the default then applies)", () => {
    expect(["1", "0.5", "1800"].map(positiveSetting)).toEqual([1, 0.5, 1800]);
    expect([undefined, "", "0", "-3", "2m", "Infinity", "NaN"].map(positiveSetting)).toEqual(
      Array(7).fill(undefined),
    );
  });

  it("reads a count as a whole number of at least 1, else nothing", () => {
    expect(["1", "16"].map(wholeSetting)).toEqual([1, 16]);
    expect([undefined, "", "0", "2.5", "-2", "many"].map(wholeSetting)).toEqual(Array(6).fill(undefined));
  });

  it("has no problem with unset, empty or valid settings", () => {
    expect(settingProblems({})).toEqual([]);
    expect(
      settingProblems({
        PULUMI_PROTON_POLL_SCHEDULE: "exponential",
        PULUMI_PROTON_POLL_MIN_SECONDS: "",
        PULUMI_PROTON_POLL_MAX_SECONDS: "60",
        PULUMI_PROTON_POLL_TIME_SCALE: "12",
        PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS: "1800",
        PULUMI_PROTON_READS_PER_SECOND: "4",
        PULUMI_PROTON_WRITES_PER_SECOND: "2.5",
        PULUMI_PROTON_UNRELATED: "anything",
        AWS_MAX_ATTEMPTS: "3",
      }),
    ).toEqual([]);
  });

  it("names each variable that breaks its rule, with the rule and the value", () => {
    expect(
      settingProblems({
        PULUMI_PROTON_POLL_SCHEDULE: "fixed",
        PULUMI_PROTON_POLL_TIME_SCALE: "0",
        PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS: "30m",
        PULUMI_PROTON_WRITES_PER_SECOND: "-1",
        AWS_MAX_ATTEMPTS: "2.5",
      }),
    ).toEqual([
      `the environment variable PULUMI_PROTON_POLL_SCHEDULE must be "expected" or "exponential", got 'fixed'`,
      "the environment variable PULUMI_PROTON_POLL_TIME_SCALE must be a positive number, got '0'",
      "the environment variable PULUMI_PROTON_POLL_EXPECTED_DEPLOYMENT_SECONDS must be a positive number, got '30m'",
      "the environment variable PULUMI_PROTON_WRITES_PER_SECOND must be a positive number, got '-1'",
      "the environment variable AWS_MAX_ATTEMPTS must be a whole number of at least 1, got '2.5'",
    ]);
  });

  it("refuses a shortest poll gap longer than the longest", () => {
    expect(
      settingProblems({ PULUMI_PROTON_POLL_MIN_SECONDS: "10", PULUMI_PROTON_POLL_MAX_SECONDS: "5" }),
    ).toEqual([
      "the environment variable PULUMI_PROTON_POLL_MIN_SECONDS (10) must not exceed PULUMI_PROTON_POLL_MAX_SECONDS (5)",
    ]);
    expect(
      settingProblems({ PULUMI_PROTON_POLL_MIN_SECONDS: "5", PULUMI_PROTON_POLL_MAX_SECONDS: "5" }),
    ).toEqual([]);
  });
});
