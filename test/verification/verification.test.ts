// Ready for n8n's verification: the scanner's analysis finds nothing, and the tarball holds
// only what n8n needs. Uses the built package (npm test builds first).
interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	scanSourceTree(): Promise<ScanResult>;
	unpackedTarball(): { folder: string; files: string[] };
	scanTarball(folder: string): Promise<ScanResult>;
}

jest.setTimeout(120_000);

describe('n8n verification', () => {
	let scanner: Scanner;
	let tarball: { folder: string; files: string[] };

	beforeAll(async () => {
		scanner = (await import('./scan.mjs' as string)) as Scanner;
		tarball = scanner.unpackedTarball();
	});

	it('the scanner finds nothing in the source tree', async () => {
		const result = await scanner.scanSourceTree();
		expect(result.details ?? result.message ?? '').toBe('');
		expect(result.passed).toBe(true);
	});

	it('the scanner finds nothing in the packed package', async () => {
		const result = await scanner.scanTarball(tarball.folder);
		expect(result.details ?? result.message ?? '').toBe('');
		expect(result.passed).toBe(true);
	});

	it('the tarball ships the compiled package and nothing else', () => {
		const outside = tarball.files.filter(
			(file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE.md', 'index.js'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(tarball.files).toEqual(
			expect.arrayContaining([
				'dist/nodes/Gradient/Gradient.node.js',
				'dist/nodes/Gradient/gradient.svg',
				'dist/nodes/Gradient/gradient.dark.svg',
				'dist/nodes/Gradient/Gradient.node.json',
				'dist/nodes/GradientTrigger/GradientTrigger.node.js',
				'dist/credentials/GradientApi.credentials.js',
			]),
		);
		// Source maps would point at TypeScript sources the package does not ship.
		expect(tarball.files.filter((file) => /test|emulator|harness|\.tsbuildinfo$|\.map$/.test(file))).toEqual([]);
	});
});
