/**
 * Prices of global services: one price list for every region. Route 53 bills health checks by the kind of endpoint
 * they monitor (an AWS endpoint, or one outside AWS) plus a monthly charge per optional feature per health check:
 * HTTPS, string matching, fast interval (10 s) and latency measurement. Calculated and CloudWatch-alarm health checks
 * are billed as health checks of AWS endpoints.
 *
 * Checked on 2026-11-27: the basic prices ($0.50 for an AWS endpoint, $0.75 for another) against a stored copy of a
 * Route 53 console walkthrough that quotes the console's price summary. The per-feature prices ($1.00, $2.00 outside
 * AWS) and the basic AWS-endpoint price ($0.50) also against a copy of the AWS Price List data behind the pricing
 * pages (lamngockhuong/aws-price lib/data/pricing/route53.json, commit 508fb452, published 2025-08-28: "Optional
 * Health Check Features AWS" $1.00, "... External Non AWS" $2.00, "Basic Health checks AWS" $0.50, one price for
 * every region).
 */
import { PriceEntry } from './types';

const ROUTE53 = 'aws.amazon.com/route53/pricing (health checks; a global service: one price in every region)';

/** The global prices, by key. */
export const GLOBAL_ON_DEMAND: Readonly<Record<string, PriceEntry>> = {
  'route53:health-check-aws-endpoint': { usd: 0.50, unit: 'month', source: `${ROUTE53}: basic health check of an AWS endpoint` },
  'route53:health-check-other-endpoint': { usd: 0.75, unit: 'month', source: `${ROUTE53}: basic health check of an endpoint outside AWS` },
  'route53:health-check-feature-aws-endpoint': {
    usd: 1.00, unit: 'month', source: `${ROUTE53}: each optional feature of a health check of an AWS endpoint`,
  },
  'route53:health-check-feature-other-endpoint': {
    usd: 2.00, unit: 'month', source: `${ROUTE53}: each optional feature of a health check of an endpoint outside AWS`,
  },
};
