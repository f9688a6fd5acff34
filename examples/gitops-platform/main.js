// Entry point when this folder is run as a Pulumi project (Pulumi.yaml).
const { gitopsPlatform } = require("./index");

module.exports = gitopsPlatform();
