// n8n finds the nodes and credential through package.json's "n8n" block; this entry point
// serves code that requires the package directly.
module.exports = {
	Gradient: require('./dist/nodes/Gradient/Gradient.node').Gradient,
	GradientTrigger: require('./dist/nodes/GradientTrigger/GradientTrigger.node').GradientTrigger,
	GradientApi: require('./dist/credentials/GradientApi.credentials').GradientApi,
};
