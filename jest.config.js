/** Unit tests live beside the code (`*.test.ts`); tests that start proton-local or the Pulumi CLI live in `test/`. */
const tsJest = ["ts-jest", { diagnostics: false }];
module.exports = {
  testTimeout: 120000,
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: [
        "<rootDir>/emulator/**/*.test.ts",
        "<rootDir>/provider/**/*.test.ts",
        "<rootDir>/common/**/*.test.ts",
        "<rootDir>/bench/**/*.test.ts",
      ],
    },
    {
      displayName: "integration",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/test/**/*.test.ts"],
    },
  ],
};
