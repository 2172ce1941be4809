import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

// The dashboard's grid and the two widget shapes every tier's row uses. Not exported from the library.

/** Width of a full row, a half, a third and a quarter of the dashboard grid. */
export const FULL = 24;
export const HALF = 12;
export const THIRD = 8;
export const QUARTER = 6;
const HEIGHT = 6;
/** The period of every graph. */
export const MINUTE = Duration.minutes(1);

/** A full-width markdown header. */
export function header(title: string, text: string): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({ markdown: `${title}\n${text}`, width: FULL, height: 2 });
}

export interface GraphOptions {
  readonly width?: number;
  readonly leftLabel?: string;
  readonly right?: cloudwatch.IMetric[];
  readonly rightLabel?: string;
  readonly max?: number;
  readonly annotations?: cloudwatch.HorizontalAnnotation[];
}

export function graph(title: string, left: cloudwatch.IMetric[], options: GraphOptions = {}): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    left,
    right: options.right,
    width: options.width ?? QUARTER,
    height: HEIGHT,
    leftYAxis: { label: options.leftLabel, min: 0, max: options.max, showUnits: false },
    rightYAxis: options.right ? { label: options.rightLabel, min: 0, showUnits: false } : undefined,
    leftAnnotations: options.annotations,
  });
}

/** The indexes 0 to count - 1 (zones, nodes). */
export function indexes(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
