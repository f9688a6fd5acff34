// An empty program: what a `pulumi up` costs with no resources (CLI, language host and program start-up).
module.exports = {};
