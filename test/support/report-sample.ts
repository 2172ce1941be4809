import { synthSampleApp } from './sample-app';
import { renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport } from '../../lib/report/report';

/** Where the committed example of the report lives. */
export const REPORT_SAMPLE_FILE = 'docs/platform-report.md';

/** The report of the sample app, as `npm run report` prints it. */
export function sampleAppReport(): string {
  const { template } = synthSampleApp();
  return renderMarkdown(buildReport(template, { source: 'cdk.out/MultiAzHaPlatformSample.template.json' }));
}
