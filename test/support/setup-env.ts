// Unit tests assert on templates; the CloudFormation schema validation aws-cdk-lib runs at synth
// (seconds and hundreds of MB per synth) has one test of its own: test/platform/schema-validation.test.ts.
process.env.CDK_VALIDATION = 'false';
// Every CloudFormation element records the stack trace of its creation (for the construct traces of validation
// reports, written to the assembly's metadata, not to templates): about a quarter of a platform's synth, and more on the
// first synth of each file. No test reads those traces; apps read this context as the CDK CLI passes it, over their
// own `context` (a test that needs the traces sets CDK_DEBUG=true).
process.env.CDK_CONTEXT_JSON = JSON.stringify({ ...JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}'), 'aws:cdk:disable-creation-stack-traces': true });
