/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	// Integration suites each start their own emulator on an ephemeral port; two workers
	// match the two cores CI has.
	maxWorkers: 2,
	testTimeout: 30000,
};
