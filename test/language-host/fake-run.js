"use strict";
// Stands in for @pulumi/pulumi/cmd/run (PULUMI_LANGUAGE_NODEJS_RUN_PATH): writes how the language host
// started it to $FAKE_RUN_REPORT, then does what the program arguments (after the entry point) say:
//   exit N           exit with code N
//   wait             wait until interrupted; on SIGINT record it and exit 1
//   ignore-interrupt wait, ignoring SIGINT (only SIGKILL ends it)
const fs = require("fs");
const { setInterval } = require("timers");

const report = (extra) =>
  fs.writeFileSync(
    process.env.FAKE_RUN_REPORT,
    JSON.stringify({
      argv: process.argv.slice(2),
      config: JSON.parse(process.env.PULUMI_CONFIG || "null"),
      secretKeys: JSON.parse(process.env.PULUMI_CONFIG_SECRET_KEYS || "null"),
      typescript: process.env.PULUMI_NODEJS_TYPESCRIPT || "",
      ...extra,
    }),
  );

// The program's own arguments follow the entry point, which the tests name ENTRY.
const ENTRY = "fake-entry";
const [mode, value] = process.argv.slice(process.argv.indexOf(ENTRY) + 1);
report({ started: true });

if (mode === "exit") {
  process.exit(Number(value));
} else if (mode === "wait" || mode === "ignore-interrupt") {
  process.on("SIGINT", () => {
    report({ interrupted: true });
    if (mode === "wait") process.exit(1);
  });
  setInterval(() => {}, 1000);
  process.stdout.write("waiting\n");
}
