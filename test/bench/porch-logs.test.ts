import { evaluations, gitPushMillis, packageRenders, quantile } from './porch-logs';

const RUNNER = `I1206 01:25:39.000000   24794 executableevaluator.go:96] Evaluating "r/validate:v1" in executable mode
I1206 01:25:39.200000   24794 executableevaluator.go:110] Evaluated "r/validate:v1": stdout 42664 bytes, stderr:
validate-template-params: [info] checked 1 request
I1206 01:25:39.300000   24794 executableevaluator.go:96] Evaluating "r/expand:v1" in executable mode
I1206 01:25:39.600000   24794 executableevaluator.go:110] Evaluated "r/expand:v1": stdout 1 bytes, stderr:
I1206 01:25:39.700000   24794 executableevaluator.go:96] Evaluating "r/inject:v1" in executable mode
I1206 01:25:40.100000   24794 executableevaluator.go:110] Evaluated "r/inject:v1": stdout 1 bytes, stderr:
I1206 23:59:59.900000   24794 executableevaluator.go:96] Evaluating "r/validate:v1" in executable mode
I1207 00:00:00.100000   24794 executableevaluator.go:110] Evaluated "r/validate:v1": stdout 1 bytes, stderr:
`;

describe("the bench's reading of Porch's logs", () => {
  it('pairs each evaluation with its end, across midnight', () => {
    expect(evaluations(RUNNER).map((e) => [e.image, Math.round(e.ms)])).toEqual([
      ['r/validate:v1', 200],
      ['r/expand:v1', 300],
      ['r/inject:v1', 400],
      ['r/validate:v1', 200],
    ]);
  });

  it('groups the k-th evaluation of each step into the k-th render', () => {
    expect(packageRenders(RUNNER, 3).map(Math.round)).toEqual([1100]);
    expect(packageRenders(RUNNER, 1)).toEqual([NaN]);
    expect(packageRenders('', 3)).toEqual([]);
  });

  it("sums Porch's git push times", () => {
    const log = [
      'I1206 01:25:17.801827   22502 git.go:1439] git push completed: pushed [a:refs/heads/x] to origin/edge-sites in 71.01648ms',
      'I1206 01:25:18.801827   22502 git.go:1439] git push completed: pushed [b:refs/heads/y] to origin/edge-sites in 1.5s',
    ].join('\n');
    expect(gitPushMillis(log)).toBeCloseTo(1571.01648);
  });

  it('takes nearest-rank quantiles', () => {
    expect(quantile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(quantile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
