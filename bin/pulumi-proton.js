#!/usr/bin/env node
require("../dist/provider/cli/index.js")
  .main(process.argv.slice(2))
  .catch((e) => {
    console.error(`pulumi-proton: ${e.message}`);
    process.exit(1);
  });
