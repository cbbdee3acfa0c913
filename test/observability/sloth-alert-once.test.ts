/**
 * The project's SLO rules, unchanged, against a promtool unit test written for Sloth v0.16's
 * output (fixtures/sloth-alert-once.promtool.yaml): an hour of 10% errors fires one page and one
 * ticket alert, each once, labelled without `sloth_window`; for a 30-day and a 28-day period.
 * sloth-comparison.test.ts runs the same file against Sloth's own rules when Sloth is built.
 */
import { slothRuleGroups } from '@focom/observability';
import { testRuleFile } from '@focom/test-support/promtool';
import { ALERT_ONCE_TEST, CHECKOUT_REQUESTS } from '@focom/test-support/sloth';

describe("the alerts of an hour of 10% errors, checked by a promtool test written for Sloth's rules", () => {
  it.each([30, 28])('fire once per severity, without sloth_window, for a %i-day period', (periodDays) => {
    const groups = slothRuleGroups(CHECKOUT_REQUESTS, { service: 'checkout', labels: {}, periodDays });
    expect(testRuleFile(groups, ALERT_ONCE_TEST)).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') as unknown });
  });
});
