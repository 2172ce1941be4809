// Unit tests assert on templates; the CloudFormation schema validation aws-cdk-lib runs at synth
// (seconds and hundreds of MB per synth) has one test of its own: test/platform/schema-validation.test.ts.
process.env.CDK_VALIDATION = 'false';
