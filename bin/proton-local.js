#!/usr/bin/env node
require("../dist/emulator/cli.js")
  .main(process.argv.slice(2))
  .catch((e) => {
    console.error(`proton-local: ${e.message}`);
    process.exit(1);
  });
