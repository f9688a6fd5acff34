// An empty program: what a `pulumi up` costs with no resources. It imports the Pulumi SDK as every program
// does (a `pulumi new` program with its resources removed): CLI, language host, program and SDK start-up.
require("@pulumi/pulumi");
module.exports = {};
