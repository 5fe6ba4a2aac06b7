import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { Gradient } from '../../nodes/Gradient/Gradient.node';
import { gradientNode } from './fixtures';

export interface Answer {
	statusCode?: number;
	body?: unknown;
}

export interface FakeExecution {
	output: INodeExecutionData[];
	/** What the node handed n8n to send, in order. */
	sent: IHttpRequestOptions[];
}

function valueAt(parameters: IDataObject, name: string): unknown {
	let value: unknown = parameters;
	for (const key of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

/**
 * Runs the node's real router on fixed parameters (no expressions), with n8n's context reduced
 * to what the node reads and n8n's HTTP helper replaced by a recorder that answers from
 * `answers` in order. For checking what each operation asks Gradient, without a server.
 */
export async function runWithoutServer(
	parameters: IDataObject,
	{ items = [{}], answers = [], continueOnFail = false }: { items?: IDataObject[]; answers?: Answer[]; continueOnFail?: boolean } = {},
): Promise<FakeExecution> {
	const sent: IHttpRequestOptions[] = [];
	const context = {
		getNode: () => ({ ...gradientNode, parameters: structuredClone(parameters) }),
		getInputData: () => items.map((json) => ({ json })),
		getNodeParameter(name: string, _itemIndex: number, fallback?: unknown, options?: { extractValue?: boolean }) {
			const value = valueAt(parameters, name) ?? fallback;
			return options?.extractValue ? (value as IDataObject).value : value;
		},
		continueOnFail: () => continueOnFail,
		getCredentials: async () => ({ vendorApiKey: 'vendor-key', partnerApiKey: 'partner-key', baseUrl: 'https://gradient.test/api' }),
		getExecutionCancelSignal: () => undefined,
		helpers: {
			async httpRequestWithAuthentication(_credentialType: string, options: IHttpRequestOptions) {
				sent.push(options);
				const answer = answers[sent.length - 1] ?? {};
				return { statusCode: answer.statusCode ?? 200, body: answer.body ?? {}, headers: {} };
			},
		},
	} as unknown as IExecuteFunctions;
	const [output] = await new Gradient().execute.call(context);
	return { output, sent };
}
