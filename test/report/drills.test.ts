import { appServers, entry, network, Resources } from './report-fixtures';
import { DRILL_SCENARIO_TAG, isoSeconds } from '../../lib/report/drills';
import { HEADINGS, renderMarkdown } from '../../lib/report/render-markdown';
import { buildReport } from '../../lib/report/report';

/** An FIS experiment template as CloudFormation holds it. */
function experiment(scenario: string | undefined, actions: Record<string, { actionId: string; duration?: string }>, stopAlarms = 1): Resources {
  return {
    [`Drill${scenario ?? 'Other'}`.replace(/\W/g, '')]: {
      Type: 'AWS::FIS::ExperimentTemplate',
      Properties: {
        Description: 'a drill',
        RoleArn: 'arn:aws:iam::123456789012:role/fis',
        Targets: {},
        Actions: Object.fromEntries(Object.entries(actions).map(([name, a]) => [name, {
          ActionId: a.actionId, ...(a.duration ? { Parameters: { duration: a.duration } } : {}),
        }])),
        StopConditions: Array.from({ length: stopAlarms }, (_, i) => ({ Source: 'aws:cloudwatch:alarm', Value: `arn:alarm:${i}` })),
        Tags: scenario ? { [DRILL_SCENARIO_TAG]: scenario } : {},
      },
    },
  };
}

const platform = { ...network(), ...appServers(), ...entry() };

describe('drills (AWS FIS experiment templates)', () => {
  test('each template is listed with its actions, duration, stop alarms and the recovery predicted for its scenario', () => {
    const report = buildReport({
      Resources: {
        ...platform,
        ...experiment('zone-1-loss', {
          stop: { actionId: 'aws:ec2:stop-instances' },
          cut: { actionId: 'aws:network:disrupt-connectivity', duration: 'PT10M' },
        }, 3),
      },
    });
    expect(report.drills).toEqual([{
      logicalId: 'Drillzone1loss',
      scenario: 'zone-1-loss',
      title: report.recovery.scenarios.find((s) => s.id === 'zone-1-loss')!.title,
      actions: ['aws:ec2:stop-instances', 'aws:network:disrupt-connectivity'],
      durationSeconds: 600,
      stopAlarms: 3,
      predictedSeconds: 90,
      targetSeconds: 120,
    }]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(HEADINGS.drills);
    expect(markdown).toMatch(/\| Drillzone1loss \| Zone 1 .* \| `aws:ec2:stop-instances`, `aws:network:disrupt-connectivity` \| 10 min \| 3 alarms \| 90 s \(target 120 s\) \|/);
  });

  test('a template without the scenario tag is listed with its description and no prediction', () => {
    const report = buildReport({ Resources: { ...platform, ...experiment(undefined, { kill: { actionId: 'aws:ec2:terminate-instances' } }, 0) } });
    expect(report.drills).toMatchObject([{ title: 'a drill', predictedSeconds: undefined, stopAlarms: 0 }]);
  });

  test('no drills, no section', () => {
    const report = buildReport({ Resources: platform });
    expect(report.drills).toEqual([]);
    expect(renderMarkdown(report)).not.toContain(HEADINGS.drills);
  });

  test('experiment templates cost nothing until an experiment runs', () => {
    const report = buildReport({ Resources: { ...platform, ...experiment('app-server', { kill: { actionId: 'aws:ec2:terminate-instances' } }) } });
    expect(report.cost.lines.filter((line) => line.logicalId === 'Drillappserver')).toEqual([
      expect.objectContaining({ resourceType: 'AWS::FIS::ExperimentTemplate', status: 'USAGE_BASED', item: expect.stringContaining('nothing until') }),
    ]);
  });

  test.each([
    ['PT10M', 600], ['PT1H30M', 5400], ['PT45S', 45], ['PT', undefined], ['10 minutes', undefined], [undefined, undefined],
  ])('ISO 8601 duration %s is %s s', (value, seconds) => {
    expect(isoSeconds(value)).toBe(seconds);
  });
});
