import { GradientApi, buildGradientToken } from '../../credentials/GradientApi.credentials';

describe('GRADIENT-TOKEN', () => {
	it('is base64 of "vendor:partner" with padding, as Gradient documents', () => {
		expect(buildGradientToken('vendor', 'partner')).toBe('dmVuZG9yOnBhcnRuZXI=');
		expect(Buffer.from(buildGradientToken('v:1', 'p'), 'base64').toString('utf8')).toBe('v:1:p');
	});

	it('encodes non-ASCII keys as UTF-8', () => {
		expect(Buffer.from(buildGradientToken('clé', 'ключ'), 'base64').toString('utf8')).toBe('clé:ключ');
	});

	// base64("vendor:partner"), worked out by hand: an oracle independent of the code under test.
	const expectedHeader = 'dmVuZG9yOnBhcnRuZXI=';

	it('is added by the credential to every request, keeping other headers', async () => {
		const credential = new GradientApi();
		const request = await credential.authenticate(
			{ vendorApiKey: 'vendor', partnerApiKey: 'partner', baseUrl: 'http://localhost' },
			{ url: '/api/vendor-api', headers: { Accept: 'application/json' } },
		);
		expect(request.headers).toEqual({ Accept: 'application/json', 'GRADIENT-TOKEN': expectedHeader });
	});

	it('drops the spaces and line breaks a pasted key brings along', async () => {
		const request = await new GradientApi().authenticate(
			{ vendorApiKey: ' vendor\n', partnerApiKey: 'partner\r\n', baseUrl: 'http://localhost' },
			{ url: '/api/vendor-api' },
		);
		expect(request.headers).toEqual({ 'GRADIENT-TOKEN': expectedHeader });
	});

	it('keeps the public field names saved credentials use', () => {
		const credential = new GradientApi();
		expect(credential.name).toBe('gradientApi');
		expect(credential.properties.map((property) => property.name)).toEqual(['vendorApiKey', 'partnerApiKey', 'baseUrl']);
		for (const secret of credential.properties.slice(0, 2)) expect(secret.typeOptions?.password).toBe(true);
		expect(credential.test.request.url).toBe('/api/vendor-api/organization');
	});
});
