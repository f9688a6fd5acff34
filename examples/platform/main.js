// Entry point when this folder is run as a Pulumi project (see the root Pulumi.yaml).
const { platform } = require("./index");

module.exports = platform();
