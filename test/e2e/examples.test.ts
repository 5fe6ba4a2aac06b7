// The example workflows and the main job in the n8n release the package is built and
// demonstrated with (see exampleWorkflows.ts).
import { N8N_VERSION } from './e2eWorld';
import { describeExampleWorkflows } from './exampleWorkflows';

jest.setTimeout(180_000);

describeExampleWorkflows(N8N_VERSION);
